"""``kiosk outbox list | retry``."""

import json
from dataclasses import asdict
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from kiosk.cli.base import CliState, pass_state
from kiosk.cli.sending import print_queued, send_queued
from kiosk.cli.tables import print_table
from kiosk.services.outbox.drain import WAITING, outbox_jobs, retry_jobs


@click.group()
def outbox() -> None:
    """Emails (and prints) waiting to go out."""


@outbox.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include what was sent.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def list_(state: CliState, show_all: bool, as_json: bool) -> None:
    """What is waiting, failed, or uncertain (may have gone out)."""
    statuses = None if show_all else WAITING
    jobs = outbox_jobs(state.kiosk, statuses)
    if as_json:
        click.echo(json.dumps([asdict(job) for job in jobs], default=str))
        return
    zone = ZoneInfo(state.kiosk.site.timezone)
    table = Table("id", "what", "status", "tries", "next try", "last error")
    for job in jobs:
        table.add_row(
            str(job.id),
            f"{job.channel} {job.template} #{job.reference_id}",
            job.status,
            str(job.attempts),
            job.next_attempt_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            job.last_error or "",
        )
    print_table(table)


@outbox.command()
@click.option("--uncertain", is_flag=True, help="Also resend what may already have gone out.")
@pass_state
def retry(state: CliState, uncertain: bool) -> None:
    """Send what is waiting or failed now."""
    count = retry_jobs(state.kiosk, include_uncertain=uncertain)
    click.echo(f"{count} jobs due now")
    printed, emailed = print_queued(state.kiosk), send_queued(state.kiosk)
    if not (printed and emailed) and outbox_jobs(state.kiosk, WAITING):
        click.echo("not everything went out: see kiosk outbox list", err=True)
        raise SystemExit(1)
