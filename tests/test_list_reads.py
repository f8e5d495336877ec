"""The desk's lists read a fixed number of statements however many guests they hold, and
decrypt only what they show: Expected today (the portal's, the CLI's) and On site now, with
2 guests and with 12; on the portal, each list page is one transaction, the check of who asks
included. On both backends."""

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine

from kiosk.services.invitations.invite import invite
from kiosk.services.reception.expected import expected_guests
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.on_site import on_site
from tests.builders import TODAY, open_now
from tests.portal_client import signed_in, staff_signed_in
from tests.test_portal_staff import DESK, add_staff


def engine_events(name: str, work: Callable[[], object]) -> int:
    """How often every engine fired ``name`` while ``work`` ran."""
    seen: list[object] = []

    def keep(*args) -> None:
        seen.append(args)

    event.listen(Engine, name, keep)
    try:
        work()
    finally:
        event.remove(Engine, name, keep)
    return len(seen)


def statements(work: Callable[[], object]) -> int:
    return engine_events("before_cursor_execute", work)


def transactions(work: Callable[[], object]) -> int:
    return engine_events("begin", work)


def guests(site, count: int) -> None:
    for n in range(count):
        made = invite(
            site, open_now(name=f"Tamu {n}", company=f"PT {n}", visit_type="vendor"), "staff:test"
        )
        if n % 2:
            check_in(site, made.id)


def test_expected_and_on_site_read_as_much_for_twelve_guests_as_for_two(site, monkeypatch):
    decrypted: list[str] = []
    real = site.gateway.decrypt
    monkeypatch.setattr(
        site.gateway,
        "decrypt",
        lambda ref, stored: decrypted.append(stored.field) or real(ref, stored),
    )
    guests(site, 2)
    few = (statements(lambda: expected_guests(site, TODAY)), statements(lambda: on_site(site)))
    guests(site, 10)
    decrypted.clear()
    listed = expected_guests(site, TODAY)
    many = (statements(lambda: expected_guests(site, TODAY)), statements(lambda: on_site(site)))

    assert len(listed) == 12 and {guest.company for guest in listed} >= {"PT 0", "PT 9"}
    assert many == few
    assert set(decrypted) <= {"visitor.name", "visitor.company", "member.name"}


def test_a_portal_list_is_read_in_the_transaction_that_checks_who_asks(site, mail_server):
    guests(site, 3)
    host = signed_in(site, mail_server)
    desk = staff_signed_in(site, DESK, add_staff(site))
    pages = {
        "/invitations": host,
        "/reception/expected": desk,
        "/reception/onsite": desk,
    }
    answers, counted = {}, {}
    for path, client in pages.items():
        counted[path] = transactions(lambda c=client, p=path: answers.update({p: c.get(p)}))

    assert all(answer.status_code == 200 for answer in answers.values())
    assert (
        "Tamu 2" in answers["/invitations"].text and "Tamu 1" in answers["/reception/onsite"].text
    )
    assert counted == {path: 1 for path in pages}
