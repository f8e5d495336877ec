"""``kiosk invite import FILE.csv``: every row checked first, then all imported in one
transaction (or, with ``skip_bad``, the good ones), with their emails in the outbox."""

from datetime import date, time
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.privacy.gateway import Source
from kiosk.services.bootstrap import Kiosk
from kiosk.services.csv_rows import BadRow, ImportReport, Progress, Row, read_rows
from kiosk.services.invitations import (
    CheckedRequest,
    InvitationRequest,
    check_request,
    record_invitation,
)
from kiosk.store.base import utc_now

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


def check_file(
    kiosk: Kiosk, path: Path, progress: Progress = lambda _n: None
) -> tuple[list[Checked], list[BadRow]]:
    """Good rows, checked, and every bad row with its reason."""
    good: list[Checked] = []
    hosts = {}
    bad: list[BadRow] = []
    seen: dict[tuple, int] = {}
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        for row in read_rows(path, REQUIRED, OPTIONAL):
            progress(1)
            if isinstance(row, BadRow):
                bad.append(row)
                continue
            try:
                request = _request(row)
                checked = check_request(uow, kiosk, request, now, hosts)
            except KioskError as error:
                bad.append(BadRow(row.line, str(error)))
                continue
            key = _duplicate_key(request)
            if key in seen:
                bad.append(BadRow(row.line, f"duplicate of line {seen[key]}"))
                continue
            seen[key] = row.line
            good.append((request, checked))
    return good, bad


def import_invitations(
    kiosk: Kiosk, path: Path, actor: str, *, skip_bad: bool, progress: Progress = lambda _n: None
) -> ImportReport:
    good, bad = check_file(kiosk, path, progress)
    report = ImportReport(rows=len(good) + len(bad), bad=bad)
    if bad and not skip_bad:
        return report
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        for request, checked in good:
            record_invitation(uow, kiosk, request, checked, Source.STAFF_ENTERED, actor, now)
            progress(1)
        uow.commit()
    report.imported = len(good)
    return report
