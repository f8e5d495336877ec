"""Alembic environment: the app's metadata, and its connection when run from the kiosk."""

from alembic import context

from kiosk.store.base import UtcDateTime
from kiosk.store.engine import create_engine
from kiosk.store.schema import metadata


def render_item(kind: str, item, autogen_context):
    """Migrations spell our UTC timestamp as the plain type it stores, so they never import
    the kiosk."""
    if kind == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_from_command_line() -> None:
    """``alembic`` run by a developer: the database is the one the kiosk settings name."""
    from kiosk.settings import load_settings

    with create_engine(load_settings().database_url).begin() as connection:
        run_migrations(connection)


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run: kiosk db upgrade")
connection = context.config.attributes.get("connection")
if connection is None:
    run_from_command_line()
else:
    run_migrations(connection)
