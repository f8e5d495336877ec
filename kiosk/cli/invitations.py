"""``kiosk invite ... | import FILE.csv | cancel CODE | resend CODE`` and ``kiosk expected``."""

import json
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from kiosk.cli.base import (
    STAFF_ACTOR,
    CliState,
    LanguageChoice,
    UserError,
    field_option,
    pass_state,
    registry_values,
)
from kiosk.cli.progress import import_with_progress
from kiosk.cli.sending import send_queued
from kiosk.cli.tables import print_table
from kiosk.clock import local_today
from kiosk.privacy.registry import DEFAULT_VISIT_TYPE, Subject
from kiosk.services.intake.csv_rows import CsvFile
from kiosk.services.invitations.csv_import import import_invitations
from kiosk.services.invitations.invite import (
    InvitationRequest,
    cancel_invitation,
    resend_invitation,
)
from kiosk.services.invitations.invite import (
    invite as make_invite,
)
from kiosk.services.invitations.validity import invitation_named
from kiosk.services.reception.expected import expected_guests

NAMED_FIELDS = {
    "guest_name": "name",
    "guest_email": "email",
    "guest_phone": "phone",
    "note": "reception_note",
    "id_type": "id_type",
    "id_last4": "id_last4",
    "parking_plate": "parking_plate",
    "wifi": "wifi_request",
    "language": "language",
}
"""Options that name a visitor field of the bundled registry; ``--field`` reaches any other."""


def _day(value: datetime | None):
    return value.date() if value else None


def _time(value: datetime | None):
    return value.time() if value else None


@click.group(invoke_without_command=True)
@click.option("--host", "host_email", help="The host's email, as in the directory.")
@click.option("--name", "guest_name", help="The guest's name.")
@click.option("--email", "guest_email", help="Where the invitation is sent.")
@click.option("--phone", "guest_phone")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day of a multi-day visit.")
@click.option("--from", "start_time", type=click.DateTime(["%H:%M"]), help="HH:MM")
@click.option("--to", "end_time", type=click.DateTime(["%H:%M"]), help="HH:MM")
@click.option(
    "--type", "visit_type", default=DEFAULT_VISIT_TYPE, show_default=True, help="Kind of visit."
)
@click.option("--lang", "language", type=LanguageChoice(), help="Default: the site's.")
@click.option("--note", help="A note for reception.")
@click.option("--id-type", help="The ID's type (ktp, passport, ...), to match on arrival.")
@click.option("--id-last4", help="Last 4 characters of the guest's ID, to match on arrival.")
@click.option("--plate", "parking_plate", help="Vehicle plate, for parking.")
@click.option("--wifi", is_flag=True, help="The guest asks for guest Wi-Fi.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@field_option
@click.pass_context
def invite(ctx: click.Context, field_pairs: tuple[str, ...], **options) -> None:
    """Invite a guest: prints the token, the short code and the guest's page, and sends the
    invitation to their email (and phone, where the site has a phone channel)."""
    if ctx.invoked_subcommand is not None:
        return
    missing = [name for name in ("host_email", "guest_name", "day") if not options[name]]
    if missing:
        flags = {"host_email": "--host", "guest_name": "--name", "day": "--date"}
        raise UserError(f"missing {', '.join(flags[name] for name in missing)}")
    state: CliState = ctx.find_object(CliState)
    named = {field: options[option] for option, field in NAMED_FIELDS.items()}
    request = InvitationRequest(
        host_email=options["host_email"],
        day=options["day"].date(),
        values=registry_values(Subject.VISITOR, named, field_pairs),
        until=_day(options["until"]),
        start_time=_time(options["start_time"]),
        end_time=_time(options["end_time"]),
        visit_type=options["visit_type"],
    )
    made = make_invite(state.kiosk, request, STAFF_ACTOR)
    if options["as_json"]:
        shown = {"token": made.token, "short_code": made.short_code, "guest_page": made.guest_page}
        click.echo(json.dumps(shown))
    else:
        click.echo(
            f"token: {made.token}\nshort code: {made.short_code}\nguest page: {made.guest_page}"
        )
    send_queued(state.kiosk, email=made.emailed, quiet=options["as_json"])


@invite.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-bad", is_flag=True, help="Import the good rows even if some are bad.")
@pass_state
def import_(state: CliState, file: Path, skip_bad: bool) -> None:
    """Invite guests from a CSV file (host_email,guest_name,date[,guest_email,...])."""
    report = import_with_progress(
        CsvFile.read(file),
        skip_bad,
        lambda csv_file, progress: import_invitations(
            state.kiosk, csv_file, STAFF_ACTOR, skip_bad=skip_bad, progress=progress
        ),
        "invitations",
    )
    if report.imported:
        send_queued(state.kiosk)


@invite.command()
@click.argument("code")
@pass_state
def cancel(state: CliState, code: str) -> None:
    """Cancel an invitation: its QR code and short code stop working."""
    cancel_invitation(state.kiosk, invitation_named(state.kiosk, code), STAFF_ACTOR)
    click.echo(f"cancelled {code}")


@invite.command()
@click.argument("code")
@pass_state
def resend(state: CliState, code: str) -> None:
    """Send the invitation email again (same code, same calendar event)."""
    resend_invitation(state.kiosk, invitation_named(state.kiosk, code), STAFF_ACTOR)
    send_queued(state.kiosk)


@click.command()
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def expected(state: CliState, day: datetime | None, as_json: bool) -> None:
    """Who is expected (staff only: it shows guests' names)."""
    kiosk = state.kiosk
    zone = ZoneInfo(kiosk.site.timezone)
    wanted: date = day.date() if day else local_today(kiosk.site.timezone)
    guests = expected_guests(kiosk, wanted)
    if as_json:
        click.echo(json.dumps([asdict(g) for g in guests], default=str, ensure_ascii=False))
        return
    table = Table("from", "to", "guest", "host", "type", "status", "code", title=str(wanted))
    for guest in guests:
        start, end = guest.starts_at.astimezone(zone), guest.ends_at.astimezone(zone)
        table.add_row(
            _moment(start, wanted),
            _moment(end, wanted),
            guest.guest_name,
            guest.host_name,
            guest.visit_type,
            guest.status,
            guest.short_code,
        )
    print_table(table)


def _moment(moment: datetime, day: date) -> str:
    shown = moment.replace(second=0, microsecond=0)
    return shown.strftime("%H:%M") if shown.date() == day else shown.strftime("%Y-%m-%d %H:%M")
