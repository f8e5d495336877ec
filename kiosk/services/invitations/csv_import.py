"""``kiosk invite import FILE.csv``: every row checked first, then all imported in one
transaction (or, with ``skip_bad``, the good ones), with their emails in the outbox.

Columns: ``host_email``, ``date`` and, optionally, ``until``, ``from``, ``to``, ``type``, and
one for each visitor field the registry asks at an invitation, named as the field without
``visitor.`` (``name``, ``email``, ``parking_plate``…). The older names ``guest_name``,
``guest_email``, ``guest_phone``, ``lang`` and ``note`` still work.
"""

from datetime import date, time
from pathlib import Path

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.privacy.gateway import Source
from kiosk.privacy.registry import Intake, Subject
from kiosk.services.intake.csv_rows import (
    ImportReport,
    Progress,
    Row,
    check_rows,
    read_rows,
    write_rows,
)
from kiosk.services.intake.fields import asked_names, field_keys
from kiosk.services.invitations.invite import (
    CheckedRequest,
    InvitationRequest,
    check_request,
    record_invitation,
)
from kiosk.services.kiosk import Kiosk

VISIT_COLUMNS = {"host_email", "date"}
OPTIONAL_VISIT_COLUMNS = {"until", "from", "to", "type"}
FORMER_NAMES = {
    "guest_name": "name",
    "guest_email": "email",
    "guest_phone": "phone",
    "lang": "language",
    "note": "reception_note",
}
CSV_VISIT_TYPE = "event"
"""A file of invitations is, most often, an event's guest list."""


def _request(row: Row) -> InvitationRequest:
    values = row.values

    def day(name: str) -> date | None:
        text = values.get(name, "")
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            raise KioskError(
                f"{name} {text!r} is not a date like 2026-12-01",
                reason="csv_date",
                column=name,
                text=text,
            ) from None

    def clock(name: str) -> time | None:
        text = values.get(name, "")
        try:
            return time.fromisoformat(text) if text else None
        except ValueError:
            raise KioskError(
                f"{name} {text!r} is not a time like 09:30",
                reason="csv_time",
                column=name,
                text=text,
            ) from None

    for name in sorted(VISIT_COLUMNS):
        if not values.get(name):
            raise KioskError(f"{name} is empty", reason="csv_empty_cell", column=name)
    fields = {
        name: value
        for name, value in values.items()
        if name not in VISIT_COLUMNS | OPTIONAL_VISIT_COLUMNS
    }
    return InvitationRequest(
        host_email=values["host_email"],
        day=day("date"),
        values=field_keys(Subject.VISITOR, fields),
        until=day("until"),
        start_time=clock("from"),
        end_time=clock("to"),
        visit_type=values.get("type") or CSV_VISIT_TYPE,
    )


def _duplicate_key(request: InvitationRequest) -> tuple:
    contact = [request.values.get(f"visitor.{name}") for name in ("email", "phone", "name")]
    who = str(next((value for value in contact if value), "")).casefold()
    return (who, request.day, request.host_email.casefold())


Checked = tuple[InvitationRequest, CheckedRequest]


def import_invitations(
    kiosk: Kiosk, path: Path, actor: str, *, skip_bad: bool, progress: Progress = lambda _n: None
) -> ImportReport:
    now = utc_now()
    hosts: dict = {}
    field_columns = asked_names(kiosk.gateway.registry, Intake.INVITATION)
    required = VISIT_COLUMNS | {name for name, needed in field_columns.items() if needed}
    with kiosk.unit_of_work() as uow:

        def check(row: Row) -> Checked:
            request = _request(row)
            return request, check_request(uow, kiosk, request, now, hosts)

        rows = read_rows(
            path, required, OPTIONAL_VISIT_COLUMNS | set(field_columns), aliases=FORMER_NAMES
        )
        good, bad = check_rows(rows, check, lambda item: _duplicate_key(item[0]), progress)

    def write(uow, item: Checked) -> None:
        record_invitation(uow, kiosk, *item, Source.STAFF_ENTERED, actor, now)

    return write_rows(kiosk.unit_of_work, good, bad, write, skip_bad=skip_bad, progress=progress)
