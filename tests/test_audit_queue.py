"""A portal page's view is queued in the page's own transaction, without the audit chain's
lock, and chained afterwards: in order, with the time it happened, never twice, never lost;
a page is answered while another kiosk holds the chain's lock. On both backends."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from kiosk.services.portal.views import viewed
from kiosk.services.records.audit_queue import fold_audit_queue
from kiosk.services.records.policy import AuditReport, verify_audit
from kiosk.store.engine import create_engine
from kiosk.store.privacy_models import AuditEntry, QueuedAuditEntry
from tests.builders import HandClock
from tests.portal_client import signed_in


def chained_views(site) -> list[tuple[str, object]]:
    with site.unit_of_work() as uow:
        query = (
            select(AuditEntry.detail, AuditEntry.at)
            .where(AuditEntry.action == "portal_view")
            .order_by(AuditEntry.seq)
        )
        return [(detail, at) for detail, at in uow.session.execute(query)]


def queued(site) -> int:
    with site.unit_of_work() as uow:
        return len(list(uow.session.scalars(select(QueuedAuditEntry.id))))


def test_a_view_joins_the_chain_in_order_with_the_time_it_happened(site, monkeypatch):
    clock = HandClock()
    monkeypatch.setattr(site.audit, "_clock", clock)
    first_at = clock.now
    viewed(site, "staff:1", "on_site:3")
    clock.wait(60)
    viewed(site, "staff:1", "expected:5")
    assert chained_views(site) == [] and queued(site) == 2, "nothing waits on the chain"

    clock.wait(600)
    assert fold_audit_queue(site) == 2
    assert fold_audit_queue(site) == 0, "never twice"
    views = chained_views(site)
    assert [detail for detail, _ in views] == ["on_site:3", "expected:5"]
    assert abs(views[0][1] - first_at) < timedelta(seconds=1)
    assert views[1][1] - views[0][1] == timedelta(seconds=60)
    assert queued(site) == 0
    assert verify_audit(site).problems == []


def test_verifying_the_log_chains_the_queue_first(site):
    viewed(site, "staff:1", "on_site:1")
    report = verify_audit(site)
    assert report.problems == [] and [d for d, _ in chained_views(site)] == ["on_site:1"]


def test_kiosks_folding_at_once_chain_each_view_once(site):
    before = verify_audit(site).entries
    for n in range(120):
        viewed(site, "staff:1", f"on_site:{n}")
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def fold() -> None:
        start.wait()
        try:
            fold_audit_queue(site)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=fold) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(d for d, _ in chained_views(site)) == sorted(f"on_site:{n}" for n in range(120))
    assert verify_audit(site) == AuditReport(entries=before + 120, problems=[])


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_page_is_answered_while_another_kiosk_holds_the_chains_lock(
    site, mail_server, database_url
):
    """On PostgreSQL, where kiosks append at once (SQLite has one writer in any case)."""
    client = signed_in(site, mail_server)
    answers = []
    page = threading.Thread(target=lambda: answers.append(client.get("/invitations")))
    engine = create_engine(database_url)
    with engine.connect() as other_kiosk:
        other_kiosk.execute(text("SELECT seq FROM audit_heads FOR UPDATE"))
        page.start()
        page.join(timeout=5)
        answered_while_locked = bool(answers)
        other_kiosk.rollback()
    page.join(timeout=30)
    engine.dispose()
    assert answered_while_locked and answers[0].status_code == 200
    assert fold_audit_queue(site) == 1 and "my_guests:0" in [d for d, _ in chained_views(site)]
