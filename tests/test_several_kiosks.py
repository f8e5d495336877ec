"""Several kiosk processes on one database, as in a building with several lobbies: every
guest gets one visit and a badge number of their own, and no email goes out twice; a kiosk
killed in the middle of a rush leaves nothing half-written."""

import json
import os
import random
import signal
import threading
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.services.bootstrap import open_kiosk
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.kiosk_id import hold_kiosk_id
from kiosk.services.outbox.drain import outbox_jobs
from kiosk.services.reception.alerts import open_alerts
from kiosk.services.records.policy import verify_audit
from kiosk.services.visits.on_site import on_site
from tests.builders import open_now
from tests.kiosk_process import PROCESS_TIMEOUT_S, finished, start_kiosks

KIOSKS = 4


def kiosk_config(site, tmp_path: Path) -> Path:
    """The settings of ``site`` as a config file the kiosk processes read."""
    settings = site.settings
    config = tmp_path / "building.toml"
    config.write_text(
        f'[site]\nname = "{site.site.name}"\n'
        f'[database]\nurl = "{settings.database_url}"\n'
        f'[mail]\nsmtp_url = "{settings.smtp_url}"\nfrom = "{settings.mail_from}"\n'
        f'[paths]\ndata_dir = "{settings.data_dir}"\n'
    )
    return config


def invited(site, count: int, *, emails: bool = False) -> list[str]:
    return [
        invite(
            site,
            open_now(name=f"Tamu {n}", email=f"tamu{n}@tamu.example" if emails else None),
            "staff:test",
        ).token
        for n in range(count)
    ]


def test_four_kiosks_checking_in_the_same_guests_at_once(site, tmp_path: Path) -> None:
    """Every kiosk scans every invitation, in its own order: one visit and one badge each."""
    tokens = invited(site, 24)
    files = []
    for n in range(KIOSKS):
        order = random.Random(n).sample(tokens, len(tokens))
        files.append(tmp_path / f"tokens-{n}.txt")
        files[-1].write_text("\n".join(order))
    results = finished(start_kiosks(kiosk_config(site, tmp_path), "checkin", map(str, files)))

    assert len(results) == KIOSKS * len(tokens)
    visits = {}
    for result in results:
        assert visits.setdefault(result["token"], result["visit"]) == result["visit"]
    firsts = Counter(r["token"] for r in results if not r["repeated"])
    assert set(firsts.values()) == {1}, "each guest checked in once, seen again elsewhere"
    badges = sorted({(r["visit"], r["badge"]) for r in results})
    assert sorted(badge for _, badge in badges) == list(range(1, len(tokens) + 1))
    assert len(on_site(site)) == len(tokens)
    jobs = Counter(job.template for job in outbox_jobs(site))
    assert (jobs["badge"], jobs["arrival"]) == (len(tokens), len(tokens))


def test_four_kiosks_sending_email_never_send_one_twice(site, mail_server, tmp_path) -> None:
    invited(site, 30, emails=True)
    finished(start_kiosks(kiosk_config(site, tmp_path), "mail", ["2"] * KIOSKS))
    recipients = Counter(message["To"] for message in mail_server.inbox.messages)
    assert len(recipients) == 30 and set(recipients.values()) == {1}


def test_a_kiosk_killed_mid_rush_leaves_every_check_in_whole(site, tmp_path: Path) -> None:
    """SIGKILL at a random moment of a rush; the next kiosk process finishes the list."""
    tokens = invited(site, 120)
    listed = tmp_path / "tokens.txt"
    listed.write_text("\n".join(tokens))
    config = kiosk_config(site, tmp_path)
    (rush,) = start_kiosks(config, "checkin", [str(listed)])
    first = json.loads(rush.stdout.readline())
    time.sleep(random.uniform(0.05, 0.2))
    os.kill(rush.pid, signal.SIGKILL)
    rush.wait(timeout=PROCESS_TIMEOUT_S)
    assert rush.returncode == -signal.SIGKILL
    assert 1 + len(rush.stdout.read().splitlines()) < len(tokens), "killed in the middle"

    results = finished(start_kiosks(config, "checkin", [str(listed)]))
    visits = {r["token"]: r["visit"] for r in results}
    assert visits[first["token"]] == first["visit"], "what was done stays done"
    assert len(set(visits.values())) == len(tokens) == len(on_site(site))
    jobs = Counter((job.template, job.reference_id) for job in outbox_jobs(site))
    assert all(jobs["badge", visit] == 1 for visit in visits.values())
    assert all(jobs["arrival", visit] == 1 for visit in visits.values())
    assert verify_audit(site).problems == [], "the audit chain is whole"


def test_a_second_kiosk_with_the_same_id_is_told_and_reception_too(site, caplog) -> None:
    """Two kiosks given one settings file started without a word, and then printed each
    other's badges."""
    north = hold_kiosk_id(site)
    assert north is not None
    twin = open_kiosk(site.settings)
    assert hold_kiosk_id(twin) is None
    warnings = [r.getMessage() for r in caplog.records if r.name == "kiosk.lobby"]
    assert warnings == [
        f"another kiosk of {site.site.name} is running as kiosk.id = "
        f"{site.settings.kiosk_id!r}: give each kiosk its own id (badges print at the kiosk "
        "their guest checked in at, by its id)"
    ]
    assert [(a.reason, a.kiosk_id) for a in open_alerts(site)] == [
        ("duplicate_kiosk_id", site.settings.kiosk_id)
    ]
    south = open_kiosk(replace(site.settings, kiosk_id="lobby-south"))
    assert hold_kiosk_id(south) is not None, "another id is free"
    north()
    assert hold_kiosk_id(twin) is not None, "free again once the first kiosk stopped"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_badge_scanned_again_does_not_wait_for_another_kiosks_check_in(site) -> None:
    """Four kiosks scanning the same guests made each repeat queue behind every check-in for
    the site's lock; on SQLite the database has one writer anyway."""
    from kiosk.services.visits.check_in import check_in

    made = invite(site, open_now(), "staff:test")
    first = check_in(site, made.id)
    answers: list = []
    with site.unit_of_work() as other_kiosk:
        other_kiosk.lock_site(site.site.id)  # mid-check-in elsewhere
        again = threading.Thread(target=lambda: answers.append(check_in(site, made.id)))
        again.start()
        again.join(timeout=10)
        answered_while_locked = bool(answers)
    again.join(timeout=10)
    assert answered_while_locked
    assert answers[0].repeated and answers[0].visit == first.visit
