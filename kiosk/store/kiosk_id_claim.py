"""One running kiosk per kiosk id: a kiosk holds its id while it runs, so that a second one
given the same id (a copied settings file) is noticed when it starts. PostgreSQL holds it as
an advisory lock of the session, SQLite as a lock on a file beside the database; either goes
with the process, however it ends."""

import fcntl
import hashlib
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import OperationalError

from kiosk.store.engine import unavailable

Release = Callable[[], None]
"""Lets go of a held id (else it goes with the process)."""


def claim_kiosk_id(engine: Engine, site_id: int, kiosk_id: str) -> Release | None:
    """Holds the id for this process; None when a running kiosk holds it already.
    :class:`~kiosk.errors.DatabaseUnavailable` when the database does not answer."""
    digest = hashlib.sha256(f"{site_id}:{kiosk_id}".encode()).digest()
    if engine.dialect.name == "sqlite":
        database = Path(make_url(engine.url).database or "kiosk")
        return _claim_file(database.with_name(f"{database.name}.kiosk-{digest.hex()[:16]}.lock"))
    key = int.from_bytes(digest[:8], "big", signed=True)
    try:
        connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        held = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
    except OperationalError as error:
        raise unavailable(engine, error) from None
    if not held:
        connection.close()
        return None
    return connection.invalidate  # ends the session: back in the pool, the lock would live on


def _claim_file(path: Path) -> Release | None:
    handle = path.open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle.close
