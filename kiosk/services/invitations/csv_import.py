"""``kiosk invite import FILE.csv``: every row checked first, then all imported in one
transaction (or, with ``skip_bad``, the good ones), with their emails in the outbox."""

from datetime import date, time
from pathlib import Path

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.privacy.gateway import Source
from kiosk.services.bootstrap import Kiosk
from kiosk.services.intake.csv_rows import (
    ImportReport,
    Progress,
    Row,
    check_rows,
    read_rows,
    write_rows,
)
from kiosk.services.invitations.invite import (
    CheckedRequest,
    InvitationRequest,
    check_request,
    record_invitation,
)

REQUIRED = {"host_email", "guest_name", "date"}
OPTIONAL = {"guest_email", "guest_phone", "until", "from", "to", "type", "lang", "note"}


def _request(row: Row) -> InvitationRequest:
    values = row.values

    def day(name: str) -> date | None:
        text = values.get(name, "")
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            raise KioskError(f"{name} {text!r} is not a date like 2026-12-01") from None

    def clock(name: str) -> time | None:
        text = values.get(name, "")
        try:
            return time.fromisoformat(text) if text else None
        except ValueError:
            raise KioskError(f"{name} {text!r} is not a time like 09:30") from None

    for name in sorted(REQUIRED):
        if not values.get(name):
            raise KioskError(f"{name} is empty")
    first_day = day("date")
    return InvitationRequest(
        host_email=values["host_email"],
        guest_name=values["guest_name"],
        day=first_day,
        guest_email=values.get("guest_email") or None,
        guest_phone=values.get("guest_phone") or None,
        until=day("until"),
        start_time=clock("from"),
        end_time=clock("to"),
        visit_type=values.get("type") or "event",
        language=values.get("lang") or "id",
        note=values.get("note") or None,
    )


def _duplicate_key(request: InvitationRequest) -> tuple:
    who = (request.guest_email or request.guest_phone or request.guest_name).casefold()
    return (who, request.day, request.host_email.casefold())


Checked = tuple[InvitationRequest, CheckedRequest]


def import_invitations(
    kiosk: Kiosk, path: Path, actor: str, *, skip_bad: bool, progress: Progress = lambda _n: None
) -> ImportReport:
    now = utc_now()
    hosts: dict = {}
    with kiosk.unit_of_work() as uow:

        def check(row: Row) -> Checked:
            request = _request(row)
            return request, check_request(uow, kiosk, request, now, hosts)

        rows = read_rows(path, REQUIRED, OPTIONAL)
        good, bad = check_rows(rows, check, lambda item: _duplicate_key(item[0]), progress)

    def write(uow, item: Checked) -> None:
        record_invitation(uow, kiosk, *item, Source.STAFF_ENTERED, actor, now)

    return write_rows(kiosk.unit_of_work, good, bad, write, skip_bad=skip_bad, progress=progress)
