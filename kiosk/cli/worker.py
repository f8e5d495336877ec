"""``kiosk worker``: the background work of a site without a screen, for a building server
where no kiosk runs (the Compose file's worker, ``kiosk-worker.service``)."""

import signal
import threading

import click

from kiosk.cli.base import CliState, pass_state
from kiosk.service_manager import notify, watchdog_interval
from kiosk.services.background import OutboxWorker
from kiosk.services.health import HealthChecks

CHECK_EVERY_S = 30.0


@click.command()
@pass_state
def worker(state: CliState) -> None:
    """Send emails and messages from the outbox, purge daily and chain the audit queue (badges
    stay for their kiosks), until stopped."""
    kiosk = state.kiosk
    stopping = threading.Event()
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, lambda *_: stopping.set())
    background = OutboxWorker(kiosk, prints=False)
    background.start()
    notify("READY=1")
    click.echo(f"kiosk worker: sending for {kiosk.site.name}; Ctrl-C stops it", err=True)
    checks = HealthChecks(kiosk.settings)
    while not stopping.wait(watchdog_interval() or CHECK_EVERY_S):
        if checks.run(printer=False).checks[0].passed:  # restarting mends no other check
            notify("WATCHDOG=1")
    notify("STOPPING=1")
    background.stop()
