"""``kiosk invite import FILE.csv``: every row checked first, then all imported in one
transaction (or, with ``skip_bad``, the good ones), with their emails in the outbox.

Columns: ``host_email``, ``date`` and, optionally, ``until``, ``from``, ``to``, ``type``, and
one for each visitor field the registry asks at an invitation, named as the field without
``visitor.`` (``name``, ``email``, ``parking_plate``…). The older names ``guest_name``,
``guest_email``, ``guest_phone``, ``lang`` and ``note`` still work. A host uploading their own
event's guests on the portal gives no ``host_email``: every row is their guest.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, time

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.privacy.gateway import Source
from kiosk.privacy.registry import Intake, Subject
from kiosk.services.directory.hosts import host_view
from kiosk.services.intake.csv_rows import (
    Columns,
    CsvFile,
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


def _request(row: Row, visit_columns: Iterable[str]) -> InvitationRequest:
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

    for name in sorted(visit_columns):
        if not values.get(name):
            raise KioskError(f"{name} is empty", reason="csv_empty_cell", column=name)
    fields = {
        name: value
        for name, value in values.items()
        if name not in VISIT_COLUMNS | OPTIONAL_VISIT_COLUMNS
    }
    return InvitationRequest(
        host_email=values.get("host_email", ""),
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


def invitation_columns(kiosk: Kiosk, *, own_host: bool) -> Columns:
    """A host's own file has no ``host_email``: every row is their guest."""
    asked = asked_names(kiosk.gateway.registry, Intake.INVITATION)
    visit = VISIT_COLUMNS - {"host_email"} if own_host else VISIT_COLUMNS
    required = visit | {name for name, needed in asked.items() if needed}
    return Columns(frozenset(required), frozenset(OPTIONAL_VISIT_COLUMNS | set(asked)) - required)


def import_invitations(
    kiosk: Kiosk,
    file: CsvFile,
    actor: str,
    *,
    skip_bad: bool,
    check_only: bool = False,
    own_host_id: int | None = None,
    progress: Progress = lambda _n: None,
) -> ImportReport:
    """With ``own_host_id``, the rows are that host's own guests, pre-registered by them (a
    ``host_email`` column is refused); else staff enter them for the hosts the rows name."""
    now = utc_now()
    hosts: dict = {}
    columns = invitation_columns(kiosk, own_host=own_host_id is not None)
    with kiosk.unit_of_work() as uow:
        own_email = None
        if own_host_id is not None:
            host = uow.hosts.get(own_host_id)
            own_email = host_view(uow, kiosk, host).email if host else ""

        def check(row: Row) -> Checked:
            request = _request(row, VISIT_COLUMNS & columns.required)
            if own_email is not None:
                request = replace(request, host_email=own_email)
            return request, check_request(uow, kiosk, request, now, hosts)

        rows = read_rows(file, columns, aliases=FORMER_NAMES)
        good, bad = check_rows(rows, check, lambda item: _duplicate_key(item[0]), progress)

    source = Source.STAFF_ENTERED if own_host_id is None else Source.HOST_PREREGISTERED

    def write(uow, item: Checked) -> None:
        record_invitation(uow, kiosk, *item, source, actor, now)

    return write_rows(
        kiosk.unit_of_work,
        good,
        bad,
        write,
        skip_bad=skip_bad,
        check_only=check_only,
        progress=progress,
    )
