"""``kiosk db upgrade | current``."""

import click

from kiosk.cli.base import CliState, pass_state
from kiosk.services.database import SchemaState, database_state, upgrade_database


@click.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


def _describe(state: SchemaState) -> str:
    current = state.current or "empty (no schema yet)"
    verdict = "up to date" if state.up_to_date else f"behind; newest is {state.head}"
    return f"schema version: {current} ({verdict})"


@db.command()
@pass_state
def upgrade(state: CliState) -> None:
    """Bring the database to the newest schema version."""
    click.echo(_describe(upgrade_database(state.settings)))


@db.command()
@pass_state
def current(state: CliState) -> None:
    """Show the database's schema version."""
    click.echo(_describe(database_state(state.settings)))
