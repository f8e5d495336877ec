"""``kiosk printer status | test``, ``kiosk reprint`` and ``kiosk badge preview``: the badge
printer from the desk."""

from pathlib import Path

import click

from kiosk.cli.base import CliState, pass_state
from kiosk.cli.sending import print_queued
from kiosk.private_files import write_private
from kiosk.services.outbox.badges import preview_badge, reprint
from kiosk.services.reception.printer import (
    SAMPLE_NAME,
    Delivery,
    JobOutcome,
    print_sample,
    printer_status,
)
from kiosk.services.visits.check_out import visit_named


def say_outcome(what: str, outcome: JobOutcome) -> None:
    """One line on how a print job went; exits 1 unless it printed."""
    if outcome.delivery == Delivery.PRINTED:
        click.echo(f"{what} printed ({outcome.status})")
        return
    if outcome.delivery == Delivery.UNCERTAIN:
        click.echo(f"{what} may not have printed: {outcome.status}; check the printer", err=True)
    else:
        click.echo(f"{what} not printed: the printer is {outcome.status}", err=True)
    raise SystemExit(1)


@click.group()
def printer() -> None:
    """The badge printer."""


@printer.command()
@pass_state
def status(state: CliState) -> None:
    """Online, paper OK / near end / out, cover open, or unreachable (exit 1 if it cannot print)."""
    current = printer_status(state.kiosk)
    click.echo(f"{state.settings.printer} ({state.settings.printer_profile}): {current}")
    if not current.can_print:
        raise SystemExit(1)


@printer.command()
@click.option("--name", default=SAMPLE_NAME, show_default=True, help="The name on the sample.")
@pass_state
def test(state: CliState, name: str) -> None:
    """Print a sample badge (its QR code signs nobody out)."""
    say_outcome("sample badge", print_sample(state.kiosk, name))


@click.group()
def badge() -> None:
    """Guests' badges."""


@badge.command()
@click.argument("badge_number_or_token")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def preview(state: CliState, badge_number_or_token: str, out: Path) -> None:
    """Draw a guest's badge as a PNG exactly as this kiosk's printer prints it (whatever the
    printer); the file holds the guest's name, so only its owner may read it."""
    number, png = preview_badge(state.kiosk, visit_named(state.kiosk, badge_number_or_token))
    write_private(out, png)
    click.echo(f"badge {number} drawn in {out}")


@click.command("reprint")
@click.argument("badge")
@click.option("--at", "at", metavar="KIOSK_ID", help="Print at this kiosk (default: this one).")
@pass_state
def reprint_badge(state: CliState, badge: str, at: str | None) -> None:
    """Print a guest's badge again, by its QR token or today's badge number (exit 1 if it did
    not print)."""
    visit = reprint(state.kiosk, visit_named(state.kiosk, badge), at=at)
    if at and at != state.settings.kiosk_id:
        click.echo(f"badge {visit.badge_number} queued for the printer of {at}")
        return
    click.echo(f"badge {visit.badge_number} queued again")
    if not print_queued(state.kiosk):
        raise SystemExit(1)
