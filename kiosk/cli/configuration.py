"""``kiosk config show``."""

import json

import click
from rich.console import Console
from rich.table import Table

from kiosk.cli.base import CliState, UserError, pass_state
from kiosk.services.lobby.staff_pin import hash_pin
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


@config.command("hash-pin")
@click.password_option("--pin", prompt="Staff PIN (4 to 12 digits)", help="Asked for if not given.")
def hash_pin_command(pin: str) -> None:
    """Print the line that sets the staff PIN in the settings file."""
    try:
        hashed = hash_pin(pin)
    except ValueError as error:
        raise UserError(str(error)) from None
    click.echo(f'[kiosk]\nstaff_pin_hash = "{hashed}"')
