"""A consistent copy of the database while kiosks run, and its way back into an empty one:
SQLite through its online backup API, PostgreSQL through ``pg_dump`` and ``pg_restore`` (one
snapshot; the client tools of the server's version or newer)."""

import os
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlencode

from sqlalchemy import URL, Engine, inspect, select, text

from kiosk.errors import BackupRefused
from kiosk.private_files import FILE_MODE
from kiosk.store.models import Site

COUNTED_TABLES = (
    "sites",
    "hosts",
    "data_subjects",
    "personal_values",
    "invitations",
    "visits",
    "audit_entries",
    "outbox",
)
"""What a backup's manifest counts, to be compared after a restore."""
DUMP_FILES = {"sqlite": "kiosk.sqlite3", "postgresql": "kiosk.pgdump"}


def backend(engine: Engine) -> str:
    return engine.dialect.name


def dump_file(engine: Engine) -> str:
    """The name the database's copy has in a backup folder."""
    return DUMP_FILES[backend(engine)]


def copy_database(engine: Engine, target: Path) -> tuple[str | None, dict[str, int]]:
    """Writes a consistent copy of the database to ``target`` (mode 0600); the copy's schema
    version and its rows in :data:`COUNTED_TABLES`, read from the copy's own moment."""
    target.touch(mode=FILE_MODE, exist_ok=False)
    if backend(engine) == "sqlite":
        with _sqlite(engine) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
            return _revision_and_counts(lambda sql: copy.execute(sql).fetchone()[0])
    moment = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with moment, moment.begin():
        snapshot = moment.scalar(text("SELECT pg_export_snapshot()"))
        read = _revision_and_counts(lambda sql: moment.scalar(text(sql)))
        _client(
            "pg_dump",
            engine,
            "--format=custom",
            "--no-owner",
            f"--snapshot={snapshot}",
            f"--file={target}",
        )
    return read


def _revision_and_counts(scalar: Callable[[str], object]) -> tuple[str | None, dict[str, int]]:
    revision = scalar("SELECT version_num FROM alembic_version")
    counts = {name: scalar(f"SELECT count(*) FROM {name}") for name in COUNTED_TABLES}
    return revision, counts


def load_database(engine: Engine, source: Path) -> None:
    """Loads a copy made by :func:`copy_database` into the (empty) database of ``engine``."""
    if backend(engine) == "sqlite":
        with sqlite3.connect(source) as copy, _sqlite(engine) as database:
            copy.backup(database)
        return
    _client("pg_restore", engine, "--no-owner", "--exit-on-error", "--single-transaction", source)


def site_key_check(engine: Engine, site_name: str) -> str | None:
    """The keyed check of the key the site's data is written with; None: no such site."""
    with engine.connect() as connection:
        return connection.scalar(select(Site.key_check).where(Site.name == site_name))


def is_empty(engine: Engine) -> bool:
    """Whether the database holds no table at all."""
    with engine.connect() as connection:
        return not inspect(connection).get_table_names()


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return _revision_and_counts(lambda sql: connection.scalar(text(sql)))[1]


def _sqlite(engine: Engine) -> sqlite3.Connection:
    return sqlite3.connect(engine.url.database, timeout=15)


def libpq_uri(url: URL) -> str:
    """The URL as libpq's own tools take it, without its password; several hosts (SQLAlchemy's
    repeated ``host=HOST:PORT``) become libpq's ``HOST:PORT,HOST:PORT``."""
    hosts = url.query.get("host", ())
    hosts = (hosts,) if isinstance(hosts, str) else hosts
    plain = url._replace(drivername="postgresql", password=None).difference_update_query(["host"])
    if not hosts:
        return plain.render_as_string(hide_password=False)
    user = f"{quote(plain.username, safe='')}@" if plain.username else ""
    query = urlencode(plain.query, doseq=True)
    return f"postgresql://{user}{','.join(hosts)}/{plain.database or ''}" + (
        f"?{query}" if query else ""
    )


def _client(program: str, engine: Engine, *arguments: object) -> None:
    """Runs a PostgreSQL client tool on the engine's database, the password passed in the
    environment (never on a command line others can list)."""
    environment = os.environ | ({"PGPASSWORD": engine.url.password} if engine.url.password else {})
    command = [program, f"--dbname={libpq_uri(engine.url)}", *map(str, arguments)]
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupRefused(
            f"{program} is not installed: apt-get install postgresql-client"
        ) from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise BackupRefused(f"{program} failed: {reason}")
