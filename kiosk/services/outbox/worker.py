"""Drains the outbox in the background of a running kiosk (badges and emails): every minute,
and at once when poked (after an invitation or a check-in); and runs the daily purge. A failure
is logged; the jobs stay queued."""

import logging
import threading

from kiosk.errors import KioskError
from kiosk.services.bootstrap import Kiosk
from kiosk.services.outbox.senders import send_due
from kiosk.services.retention.purge import DailyPurge
from kiosk.store.outbox_repository import Channel

log = logging.getLogger("kiosk.outbox")
INTERVAL_S = 60.0


class OutboxWorker:
    def __init__(self, kiosk: Kiosk, interval: float = INTERVAL_S) -> None:
        self._kiosk = kiosk
        self._interval = interval
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._purge = DailyPurge(kiosk)
        self._thread = threading.Thread(target=self._run, name="outbox", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout=15)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                for channel in Channel:
                    report = send_due(self._kiosk, channel)
                    if report and report.counts:
                        log.info("outbox %s: %s", channel, report)
                self._purge.tick()
            except KioskError as error:
                log.warning("outbox: %s", error)
            except Exception:
                log.exception("outbox: unexpected failure; the jobs stay queued")
            self._wake.wait(self._interval)
            self._wake.clear()
