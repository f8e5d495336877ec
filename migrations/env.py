"""Alembic environment: the app's metadata, and its connection when run from the kiosk."""

from alembic import context

from kiosk.store import models  # noqa: F401  (registers the tables on the metadata)
from kiosk.store.base import Base
from kiosk.store.engine import create_engine


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
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
