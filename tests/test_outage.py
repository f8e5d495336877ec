"""The database restarting in the middle of a morning rush: the kiosk says the database is
unavailable (never a raw driver error), tries again, and in the end every guest has one visit,
one badge job and one arrival email, and the audit chain is whole."""

import threading
import time
from collections import Counter
from dataclasses import replace

import pytest
from sqlalchemy import make_url

from kiosk.errors import DatabaseUnavailable
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.invitations.invite import invite
from kiosk.services.outbox.drain import outbox_jobs
from kiosk.services.records.policy import verify_audit
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.on_site import on_site
from tests.builders import open_now
from tests.tcp_proxy import TcpProxy

GUESTS = 40
CUT_AFTER = 5
OUTAGE_S = 1.0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_database_restart_mid_rush_loses_and_doubles_nothing(site, database_url) -> None:
    tokens = [
        invite(site, open_now(name=f"Tamu {n}", email=None), "staff:t").token for n in range(GUESTS)
    ]
    proxy = TcpProxy(make_url(database_url).port or 5432)
    through_proxy = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    kiosk = open_kiosk(
        replace(site.settings, database_url=through_proxy.render_as_string(hide_password=False))
    )
    refusals: list[str] = []
    under_way = threading.Event()

    def rush() -> None:
        for done, token in enumerate(tokens):
            if done == CUT_AFTER:
                under_way.set()
            while True:
                try:
                    check_in(kiosk, kiosk.tokens.id_of(token))
                    break
                except DatabaseUnavailable as unavailable:
                    refusals.append(str(unavailable))
                    time.sleep(0.05)

    rushing = threading.Thread(target=rush)
    rushing.start()
    assert under_way.wait(timeout=60)
    proxy.cut()
    time.sleep(OUTAGE_S)
    proxy.restore()
    rushing.join(timeout=120)

    assert refusals, "the outage hit the rush"
    assert all(r.startswith("cannot reach the database at postgresql") for r in refusals)
    visits = on_site(site)
    assert len(visits) == GUESTS and len({v.badge_number for v in visits}) == GUESTS
    jobs = Counter((job.template, job.reference_id) for job in outbox_jobs(site))
    assert all(jobs["badge", v.visit_id] == jobs["arrival", v.visit_id] == 1 for v in visits)
    assert verify_audit(site).problems == []
