"""``kiosk config show | hash-pin | unlock-pin`` and ``kiosk keys init``."""

import json

import click
from rich.table import Table

from kiosk.cli.base import STAFF_ACTOR, CliState, UserError, pass_state
from kiosk.cli.tables import print_table
from kiosk.services.bootstrap import init_site_key
from kiosk.services.lobby.staff_pin import hash_pin, unlock_staff_mode
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
    print_table(table)


@config.command("hash-pin")
@click.password_option("--pin", prompt="Staff PIN (6 to 12 digits)", help="Asked for if not given.")
def hash_pin_command(pin: str) -> None:
    """Print the line that sets the staff PIN in the settings file."""
    try:
        hashed = hash_pin(pin)
    except ValueError as error:
        raise UserError(str(error)) from None
    click.echo(f'[kiosk]\nstaff_pin_hash = "{hashed}"')


@config.command("unlock-pin")
@pass_state
def unlock_pin(state: CliState) -> None:
    """End a lock of staff mode after wrong PINs, at every kiosk of the site (once you know
    who was guessing)."""
    kiosk = state.kiosk
    was_locked = unlock_staff_mode(kiosk, STAFF_ACTOR)
    site = kiosk.site.name
    if was_locked:
        click.echo(f"staff mode unlocked at every kiosk of {site}")
    else:
        click.echo(f"staff mode was not locked at {site}; the count of wrong PINs starts afresh")


@click.group()
def keys() -> None:
    """The site key file (it signs invitations and encrypts personal data)."""


@keys.command("init")
@pass_state
def keys_init(state: CliState) -> None:
    """Make the key file of a site the database does not hold yet (else the kiosk makes it at
    its first start); never a new key for a site that has data."""
    path = init_site_key(state.settings)
    click.echo(f"new key file {path} (mode 0600): keep a backup of it apart from the database's")
