"""``kiosk staff add | list | remove | reset``: who works from the portal, and as what."""

import json
from dataclasses import asdict

import click
from rich.table import Table

from kiosk.cli.base import STAFF_ACTOR, CliState, pass_state
from kiosk.cli.tables import print_table
from kiosk.services.portal.staff import (
    ROLES,
    NewPassword,
    add_staff,
    list_staff,
    remove_staff,
    reset_password,
)


def _say_password(state: CliState, made: NewPassword) -> None:
    click.echo(
        f"{made.email} signs in at {state.kiosk.settings.portal_url}/signin with an emailed link,\n"
        f"or with this password (shown only now): {made.password}"
    )


@click.group()
def staff() -> None:
    """Staff accounts of the web portal (reception, admin)."""


@staff.command()
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@pass_state
def add(state: CliState, name: str, email: str, role: str) -> None:
    """Give a member of the team an account (added to the directory if not in it yet)."""
    _say_password(state, add_staff(state.kiosk, name, email, role, STAFF_ACTOR))


@staff.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def list_(state: CliState, as_json: bool) -> None:
    """Every staff account."""
    accounts = list_staff(state.kiosk)
    if as_json:
        click.echo(json.dumps([asdict(a) for a in accounts], default=str, ensure_ascii=False))
        return
    table = Table("name", "email", "role", "since")
    for account in accounts:
        table.add_row(account.name, account.email, account.role, f"{account.since:%Y-%m-%d}")
    print_table(table)


@staff.command()
@click.argument("email")
@pass_state
def remove(state: CliState, email: str) -> None:
    """End an account and sign it out everywhere (the member stays in the directory)."""
    remove_staff(state.kiosk, email, STAFF_ACTOR)
    click.echo(f"removed the staff account of {email}")


@staff.command()
@click.argument("email")
@pass_state
def reset(state: CliState, email: str) -> None:
    """A new password for an account; it is signed out everywhere."""
    _say_password(state, reset_password(state.kiosk, email, STAFF_ACTOR))
