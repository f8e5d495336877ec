"""``kiosk checkin | walkin | checkout | onsite``: the reception desk's commands."""

import json
from dataclasses import asdict
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from kiosk.cli.base import CliState, field_option, pass_state, registry_values
from kiosk.cli.printing import say_outcome
from kiosk.cli.sending import print_queued, send_queued
from kiosk.cli.tables import print_table
from kiosk.privacy.registry import DEFAULT_VISIT_TYPE, Subject
from kiosk.services.directory.hosts import host_by_email
from kiosk.services.invitations.validity import invitation_named
from kiosk.services.reception.printer import print_roll_call
from kiosk.services.visits.admission import CheckIn
from kiosk.services.visits.check_in import IdShown, check_in
from kiosk.services.visits.check_out import check_out, visit_named
from kiosk.services.visits.on_site import on_site
from kiosk.services.visits.walk_in import WalkIn, walk_in


def _report(state: CliState, result: CheckIn) -> None:
    """One line on the check-in; exit 1 when the guest was not checked in (sent to reception)
    or the badge did not print."""
    if not result.badge:
        click.echo(f"{result.guest_display_name}: please see reception ({result.reason})")
        raise SystemExit(1)
    again = " (already checked in; same badge)" if result.repeated else ""
    click.echo(f"checked in {result.guest_display_name}: badge {result.visit.badge_number}{again}")
    printed = print_queued(state.kiosk)
    send_queued(state.kiosk, email=bool(state.settings.smtp_url))
    if not printed:
        raise SystemExit(1)


@click.command()
@click.argument("token_or_code")
@click.option("--id-type", help="The ID's type (ktp, passport, ...).")
@click.option("--id-last4", help="Last 4 characters of the ID the guest shows.")
@pass_state
def checkin(state: CliState, token_or_code: str, id_type: str | None, id_last4: str | None) -> None:
    """Check in an invited guest at the reception desk."""
    shown = IdShown(id_type or "other", id_last4) if id_last4 else None
    invitation_id = invitation_named(state.kiosk, token_or_code)
    _report(state, check_in(state.kiosk, invitation_id, shown=shown))


@click.command()
@click.option("--name", required=True)
@click.option("--host", "host_email", required=True, help="The host's email.")
@click.option("--phone")
@click.option("--email")
@click.option("--company", help="For vendors and suppliers.")
@click.option(
    "--type", "visit_type", default=DEFAULT_VISIT_TYPE, show_default=True, help="Kind of visit."
)
@field_option
@pass_state
def walkin(
    state: CliState, host_email: str, visit_type: str, field_pairs: tuple[str, ...], **named
) -> None:
    """Check in a guest without an invitation."""
    guest = WalkIn(
        host_id=host_by_email(state.kiosk, host_email).id,
        values=registry_values(Subject.VISITOR, named, field_pairs),
        visit_type=visit_type,
        language=state.settings.language,
    )
    _report(state, walk_in(state.kiosk, guest))


@click.command()
@click.argument("badge")
@pass_state
def checkout(state: CliState, badge: str) -> None:
    """Sign a guest out by their badge's QR token or today's badge number."""
    result = check_out(state.kiosk, visit_named(state.kiosk, badge))
    verb = "was already signed out" if result.already else "signed out"
    click.echo(f"{result.guest_display_name} {verb} (badge {result.visit.badge_number})")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--print", "on_paper", is_flag=True, help="Print the list too, for an evacuation.")
@pass_state
def onsite(state: CliState, as_json: bool, on_paper: bool) -> None:
    """Who is in the building now (staff only: it shows names)."""
    if on_paper:
        roll_call = print_roll_call(state.kiosk)
        say_outcome(f"roll call of {len(roll_call.guests)}", roll_call.outcome)
    guests = on_site(state.kiosk)
    if as_json:
        click.echo(json.dumps([asdict(g) for g in guests], default=str, ensure_ascii=False))
        return
    zone = ZoneInfo(state.kiosk.site.timezone)
    table = Table("badge", "guest", "host", "since", title=f"{len(guests)} on site")
    for guest in guests:
        since = guest.since.astimezone(zone).strftime("%H:%M")
        table.add_row(str(guest.badge_number), guest.guest_name, guest.host_name, since)
    print_table(table)
