"""How ``first-release/`` was made: a building's year, written by the kiosk as first released
(schema 0001, at commit ef2f52e) with that release's own API, not today's. The upgrade test
(tests/test_upgrade_with_data.py) loads what it made; to make it again:

    git archive ef2f52e | tar -x -C /tmp/first
    ln -s ../../migrations /tmp/first/kiosk/store/migrations
    ln -s ../assets /tmp/first/kiosk/assets
    PYTHONPATH=/tmp/first python tests/upgrade/year_at_first_release.py \
        sqlite:////tmp/year.sqlite3 /tmp/data 2026-11-29 first-release/year.json
    (the same with a PostgreSQL URL and the same site.key, then pg_dump --format=custom)

The year before TODAY (YYYY-MM-DD, UTC): a visit a day (checked in and out by the day's
clock), a guest every third day who never came, an erasure a month, and two invitations valid
from yesterday to tomorrow, not used yet. Writes what the test needs to find again: the people
erased and the tokens of the invitations still to use.
"""

import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from kiosk.services.hosts import NewHost, add_host
from sqlalchemy import text

from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.gateway import Source
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.invitations import InvitationRequest, make_invitation
from kiosk.services.visits import check_in, check_out
from kiosk.settings import load_settings

DAYS = 365
HOSTS = ("rina@menara.example", "agus@menara.example")


def main(database_url: str, data_dir: str, today: str, out: str) -> None:
    config = Path(data_dir) / "kiosk.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.touch()
    settings = load_settings(
        config,
        environ={},
        overrides={"database.url": database_url, "paths.data_dir": data_dir},
    )
    kiosk = open_kiosk(settings)
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, NewHost("Rina Wijaya", HOSTS[0], company="PT Maju"), "staff:cli")
        add_host(uow, kiosk, NewHost("Agus Salim", HOSTS[1], unit="12A"), "staff:cli")
        uow.commit()
    today = date.fromisoformat(today)
    first = today - timedelta(days=DAYS)
    erased, coming = [], []
    for number in range(DAYS):
        day = first + timedelta(days=number)
        email = f"guest{number}@tamu.example"
        token = invite(kiosk, day, f"Tamu Nomor {number}", email, HOSTS[number % 2])
        arrived = datetime.combine(day, time(2, 30), UTC)  # 09:30 in Jakarta
        visit = check_in(kiosk, token, now=arrived).visit
        check_out(kiosk, str(visit.badge_number), now=arrived + timedelta(hours=1))
        if number % 3 == 0:
            invite(kiosk, day, f"Tidak Datang {number}", f"noshow{number}@tamu.example", HOSTS[0])
        if number % 30 == 0:
            erase(kiosk, email)
            erased.append(email)
    for number in range(2):
        email = f"coming{number}@tamu.example"
        yesterday = today - timedelta(days=1)
        coming.append(invite(kiosk, yesterday, f"Akan Datang {number}", email, HOSTS[0], 2))
    Path(out).write_text(json.dumps({"erased": erased, "coming": coming}))


def erase(kiosk, email: str) -> None:
    """An erasure as staff could make it then (the release had no command for it): the
    person's values deleted, an erasure entry in the audit chain."""
    with kiosk.unit_of_work() as uow:
        for subject_id in kiosk.gateway.find_subjects(uow, kiosk.site.id, "visitor.email", email):
            subject = uow.subjects.get(subject_id)
            uow.session.execute(
                text("DELETE FROM personal_values WHERE subject_id = :id"), {"id": subject_id}
            )
            event = AuditEvent(AuditAction.ERASURE, "staff:cli", subject.reference, detail="all")
            kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()


def invite(kiosk, day: date, name: str, email: str, host: str, days: int = 0) -> str:
    request = InvitationRequest(
        host_email=host,
        guest_name=name,
        day=day,
        until=day + timedelta(days=days),
        guest_email=email,
    )
    with kiosk.unit_of_work() as uow:
        made = make_invitation(
            uow,
            kiosk,
            request,
            Source.STAFF_ENTERED,
            "staff:cli",
            now=datetime.combine(day, time(0, 0), UTC) - timedelta(days=1),
        )
        uow.commit()
    return made.token


if __name__ == "__main__":
    main(*sys.argv[1:])
