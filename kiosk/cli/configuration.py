"""``kiosk config show``."""

import json

import click
from rich.console import Console
from rich.table import Table

from kiosk.cli.base import CliState, pass_state
from kiosk.settings import displayed_settings


@click.group()
def config() -> None:
    """Settings."""


@config.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def show(state: CliState, as_json: bool) -> None:
    """Print the effective settings, secrets masked, and where each came from."""
    rows = displayed_settings(state.settings)
    if as_json:
        click.echo(json.dumps({key: {"value": v, "source": s} for key, v, s in rows}, indent=2))
        return
    table = Table("setting", "value", "from")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
