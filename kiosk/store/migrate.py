"""Alembic, run from code on the app's own connection, with the scripts shipped in the package."""

import functools
from dataclasses import dataclass
from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from kiosk.store.engine import unavailable


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    known: bool = True
    """Whether this code knows ``current`` (False: a newer kiosk upgraded the database)."""

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("kiosk.store.migrations")))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    _run(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, command.downgrade, revision)


def _run(engine: Engine, action, revision: str) -> None:
    config = _config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            action(config, revision)
    except OperationalError as error:
        raise unavailable(engine, error) from None


def schema_state(engine: Engine) -> SchemaState:
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as error:
        raise unavailable(engine, error) from None
    head, _ = _revisions()
    return SchemaState(current=current, head=head, known=current is None or knows(current))


def knows(revision: str) -> bool:
    """Whether ``revision`` is one of this code's (not a newer kiosk's)."""
    return revision in _revisions()[1]


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """This code's newest revision and all of them, read from its scripts once per process
    (``kiosk health`` and ``/healthz`` ask on every call)."""
    scripts = ScriptDirectory.from_config(_config())
    return scripts.get_current_head(), frozenset(s.revision for s in scripts.walk_revisions())
