"""One engine per process: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3)."""

from pathlib import Path

import sqlalchemy
from sqlalchemy import Engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from kiosk.errors import DatabaseUnavailable

SQLITE_BUSY_TIMEOUT_MS = 15_000
CONNECT_TIMEOUT_S = 5


def create_engine(url: str) -> Engine:
    """An engine for ``url``; creates the SQLite file's folder. Does not connect yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sqlalchemy.create_engine(
            parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return sqlalchemy.create_engine(
        parsed, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
    )


def _configure_sqlite(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # transactions start in _begin_immediate
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # erased values leave no bytes in free pages
    cursor.close()


def _begin_immediate(connection) -> None:
    """Takes SQLite's write lock when a transaction starts, so a kiosk and the command line
    writing at once wait their turn (busy timeout) instead of failing when a read turns into
    a write (for instance appending to the audit chain)."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def unavailable(engine: Engine, error: DBAPIError) -> DatabaseUnavailable:
    """Our error for a driver's: where the database is (password masked) and why it failed."""
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
