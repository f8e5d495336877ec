"""``kiosk requests list [--overdue]`` and ``kiosk requests report``: the requests guests made
themselves on ``/privacy``, with their 3 x 24 hour clock (staff answer them in the portal's
*Requests*)."""

from zoneinfo import ZoneInfo

import click
from rich.table import Table

from kiosk.cli.base import CliState, pass_state
from kiosk.cli.tables import print_table
from kiosk.clock import utc_now
from kiosk.services.rights.request_clock import (
    in_hours,
    open_requests,
    report_lines,
    request_report,
)


@click.group()
def requests() -> None:
    """Guests' own privacy requests and their clock."""


@requests.command("list")
@click.option("--overdue", is_flag=True, help="Only those past their 3 x 24 hours.")
@pass_state
def list_requests(state: CliState, overdue: bool) -> None:
    """The requests not answered yet, the oldest first, with the time left (negative: late)."""
    now = utc_now()
    found = open_requests(state.kiosk, overdue=overdue, now=now)
    zone = ZoneInfo(state.kiosk.site.timezone)
    title = f"{len(found)} {'overdue' if overdue else 'open'}"
    table = Table("number", "kind", "person", "asked", "due", "left", title=title)
    for request in found:
        table.add_row(
            str(request.id),
            request.kind,
            request.subject_ref,
            f"{request.proved_at.astimezone(zone):%Y-%m-%d %H:%M}",
            f"{request.due_at.astimezone(zone):%Y-%m-%d %H:%M}",
            in_hours(request.due_at - now),
        )
    print_table(table)


@requests.command()
@pass_state
def report(state: CliState) -> None:
    """How many of each kind, how they ended, how fast they were answered, and how many are
    late."""
    table = Table("measure", "value", title="guests' own requests")
    for measure, value in report_lines(request_report(state.kiosk)):
        table.add_row(measure, value)
    print_table(table)
