"""The kiosk's background work, started by a front end: the outbox drained a thread for each
channel, and the daily purge in one of its own: a printer that hangs delays badges, never an
email or the purge. Each loop runs every minute, and at once when poked (after an invitation or
a check-in). A failure is logged; the jobs stay queued. The portal's sign-in refusals of each
closed minute are written to the audit log here too (a portal folds them at its next sign-in),
and reception is told of guests' own privacy requests with a day left to answer.
"""

import logging
import threading
from collections.abc import Callable

from kiosk.errors import KioskError
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.senders import send_due
from kiosk.services.portal.sign_in import fold_refusals
from kiosk.services.records.audit_queue import fold_audit_queue
from kiosk.services.retention.purge import DailyPurge
from kiosk.services.rights.request_clock import alert_due_requests
from kiosk.store.outbox_repository import Channel

log = logging.getLogger("kiosk.outbox")
INTERVAL_S = 60.0
LOG_INTERVAL_S = 2.0
"""How often the database's write-ahead log is copied into the database (SQLite)."""


def checkpoint_database_log(kiosk: Kiosk) -> None:
    """Copies what was written since into the database file itself, off the guests' path (see
    :data:`kiosk.store.engine.SQLITE_LOG_PAGES`)."""
    with kiosk.unit_of_work() as uow:
        uow.checkpoint_log()


class Loop:
    """One piece of background work, repeated until stopped."""

    def __init__(self, name: str, work: Callable[[], object], interval: float) -> None:
        self._work = work
        self._interval = interval
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                report = self._work()
                if report and getattr(report, "counts", None):
                    log.info("%s: %s", self._thread.name, report)
            except KioskError as error:
                log.warning("%s: %s", self._thread.name, error)
            except Exception:
                log.exception("%s: unexpected failure; the jobs stay queued", self._thread.name)
            self._wake.wait(self._interval)
            self._wake.clear()


class OutboxWorker:
    def __init__(self, kiosk: Kiosk, interval: float = INTERVAL_S, *, prints: bool = True) -> None:
        """``prints``: whether this process has the kiosk's printer (a server without a
        screen leaves each badge to its kiosk)."""
        channels = [channel for channel in Channel if prints or channel is not Channel.PRINT]
        self._loops = [
            Loop(f"outbox {channel}", lambda c=channel: send_due(kiosk, c), interval)
            for channel in channels
        ]
        self._loops.append(Loop("daily purge", DailyPurge(kiosk).tick, interval))
        self._loops.append(Loop("sign-in refusals", lambda: fold_refusals(kiosk), interval))
        self._loops.append(Loop("audit queue", lambda: fold_audit_queue(kiosk), interval))
        self._loops.append(Loop("request clock", lambda: alert_due_requests(kiosk), interval))
        # not poked with the others: every two seconds is soon enough, not after each check-in
        self._log = Loop("database log", lambda: checkpoint_database_log(kiosk), LOG_INTERVAL_S)

    def start(self) -> None:
        for loop in (*self._loops, self._log):
            loop.start()

    def poke(self) -> None:
        for loop in self._loops:
            loop.poke()

    def stop(self) -> None:
        loops = (*self._loops, self._log)
        for loop in loops:
            loop.stop()
        for loop in loops:
            loop.join(timeout=15)
