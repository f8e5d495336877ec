"""One engine per process: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3)."""

import logging
import os
import sqlite3
from pathlib import Path

import sqlalchemy
from sqlalchemy import Engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from kiosk.errors import DatabaseUnavailable
from kiosk.private_files import FILE_MODE, private_folder

SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_LOG_PAGES = 10_000
"""How long SQLite's write-ahead log may grow (in pages: about 40 MB) before a commit copies it
into the database file itself. A running kiosk does that copy in the background well before
(:func:`checkpoint_log`), so no guest's check-in waits on it: at SQLite's default of 1,000
pages, one check-in in fifty did (about 5 ms more)."""
log = logging.getLogger("kiosk.store")
CONNECT_TIMEOUT_S = 5


def create_engine(url: str) -> Engine:
    """An engine for ``url``; creates the SQLite file's folder. Does not connect yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _private_database_file(Path(parsed.database))
        engine = sqlalchemy.create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return sqlalchemy.create_engine(
        parsed, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
    )


def _private_database_file(path: Path) -> None:
    """Creates the SQLite file readable by the kiosk's user only; SQLite gives its write-ahead
    log and shared-memory files the same mode."""
    if not path.exists():
        private_folder(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))


def _configure_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # transactions start in _begin_immediate
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # erased values leave no bytes in free pages
    cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_LOG_PAGES}")
    cursor.close()


def _begin_immediate(connection) -> None:
    """Takes SQLite's write lock when a transaction starts, so a kiosk and the command line
    writing at once wait their turn (busy timeout) instead of failing when a read turns into
    a write (for instance appending to the audit chain)."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


ERASABLE_TABLES = ("personal_values", "data_subjects", "consents", "visits", "invitations")
"""Where an erased or purged person's rows were."""


def checkpoint_log(engine: Engine) -> None:
    """Copies SQLite's write-ahead log into the database file as far as no reader still needs
    it, without waiting for writers or making them wait; nothing to do on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")


def reclaim_space(engine: Engine) -> None:
    """Leaves no copy of deleted rows on disk: a SQLite write-ahead log checkpointed and
    truncated, PostgreSQL's dead row versions vacuumed. It comes after the deletion committed,
    so a failure is logged, not raised (SQLite checkpoints by itself later; autovacuum too)."""
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            if engine.dialect.name == "sqlite":  # outside any transaction, which would lock it
                connection.connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            else:
                connection.exec_driver_sql(f"VACUUM {', '.join(ERASABLE_TABLES)}")
    except (DBAPIError, sqlite3.Error) as error:
        log.warning("deleted rows not yet reclaimed on disk: %s", error)


def unavailable(engine: Engine, error: DBAPIError) -> DatabaseUnavailable:
    """Our error for a driver's: where the database is (password masked) and why it failed;
    a SQLite file another program keeps locked is said so, not "cannot reach"."""
    if getattr(error.orig, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY:
        seconds = SQLITE_BUSY_TIMEOUT_MS / 1000
        return DatabaseUnavailable(
            f"the database file {engine.url.database} is locked by another program (waited "
            f"{seconds:g} s): close whatever holds it open (a database browser, a copy in "
            "progress) and try again",
            reason="database_locked",
        )
    reason = (str(error.orig) if error.orig else str(error)).strip().splitlines()[0]
    where = engine.url.render_as_string(hide_password=True)
    return DatabaseUnavailable(f"cannot reach the database at {where}: {reason}")


def check_connection(engine: Engine) -> None:
    """Connects once, so a wrong URL fails here with a clear sentence."""
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        raise unavailable(engine, error) from None
