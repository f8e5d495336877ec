"""``kiosk deny add | list | remove``."""

import json
from dataclasses import asdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import click
from rich.table import Table

from kiosk.cli.base import ROW_ID, STAFF_ACTOR, CliState, pass_state, registry_values
from kiosk.cli.tables import print_table
from kiosk.clock import local_today
from kiosk.privacy.registry import Subject
from kiosk.services.screening.deny_list import (
    DenyRequest,
    add_to_deny_list,
    deny_list,
    remove_from_deny_list,
)

DEFAULT_DAYS = 365


@click.group()
def deny() -> None:
    """People who may not enter (staff only)."""


@deny.command()
@click.option("--name", "deny_name", required=True)
@click.option("--reason", "deny_reason", required=True)
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help=f"Default: {DEFAULT_DAYS} days.")
@click.option("--id-type", help="The ID's type (ktp, passport, ...), to tell namesakes apart.")
@click.option("--id-last4")
@pass_state
def add(state: CliState, until: datetime | None, **named: str | None) -> None:
    """Add a person; their name matches whatever its case and accents."""
    zone = ZoneInfo(state.kiosk.site.timezone)
    last_day = (
        until.date()
        if until
        else local_today(state.kiosk.site.timezone) + timedelta(days=DEFAULT_DAYS)
    )
    ends = datetime.combine(last_day, time(23, 59, 59), zone)
    values = registry_values(Subject.VISITOR, named, ())
    entry = add_to_deny_list(state.kiosk, DenyRequest(values, ends), STAFF_ACTOR)
    click.echo(f"deny-list entry {entry}: {named['deny_name']} until {last_day}")


@deny.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def list_(state: CliState, as_json: bool) -> None:
    """The entries in force."""
    entries = deny_list(state.kiosk, STAFF_ACTOR)
    if as_json:
        click.echo(json.dumps([asdict(e) for e in entries], default=str, ensure_ascii=False))
        return
    table = Table("id", "name", "ID", "reason", "until")
    for entry in entries:
        shown_id = f"{entry.id_type or ''} …{entry.id_last4}" if entry.id_last4 else ""
        table.add_row(str(entry.id), entry.name, shown_id, entry.reason, f"{entry.until:%Y-%m-%d}")
    print_table(table)


@deny.command()
@click.argument("entry_id", type=ROW_ID)
@pass_state
def remove(state: CliState, entry_id: int) -> None:
    """End a ban now."""
    remove_from_deny_list(state.kiosk, entry_id, STAFF_ACTOR)
    click.echo(f"removed deny-list entry {entry_id}")
