"""Delivery latency of the news of an arrival, from the check-in to its receipt by the host's
chat service: a receiver on 127.0.0.1 (Apprise's ``json://``), the kiosk's background outbox
loop running and poked after each check-in as the touch-screen app does.

    .venv/bin/python -m benchmarks.messages [GUESTS] [POSTGRESQL_URL]

GUESTS (default 200) check in one after another, a little apart; p50 and p99 of the time from
the start of each check-in to the receiver holding its message, on SQLite and, given its URL
(a database that may be emptied), on PostgreSQL. Target: p99 under 1 s on each; exits 1 if
one is missed.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.performance import invitations, new_kiosk
from kiosk.privacy.gateway import Source
from kiosk.services.background import OutboxWorker
from kiosk.services.directory.hosts import host_by_email
from kiosk.services.directory.notify_choice import choose_notify
from kiosk.services.visits.check_in import check_in
from tests.message_receiver import MessageReceiver

TARGET_P99_S = 1.0
PAUSE_S = 0.05


def latencies(folder: Path, database_url: str | None, guests: int) -> list[float]:
    receiver = MessageReceiver().start()
    kiosk = new_kiosk(folder, database_url)
    host = host_by_email(kiosk, "rina@menara.example").id
    address = receiver.url(path="host")
    choose_notify(kiosk, host, "address", address, "bench", Source.SELF_ENTERED, "en")
    tokens = invitations(kiosk, guests)
    worker = OutboxWorker(kiosk)
    worker.start()
    took = []
    try:
        for number, token in enumerate(tokens, start=1):
            started = time.perf_counter()
            check_in(kiosk, kiosk.tokens.id_of(token))
            worker.poke()
            while len(receiver.received) < number:
                time.sleep(0.001)
            took.append(time.perf_counter() - started)
            time.sleep(PAUSE_S)
    finally:
        worker.stop()
        receiver.stop()
    return took


def main(guests: int, postgres: str | None) -> int:
    missed = 0
    print(f"{'database':<11} {'guests':>6} {'p50 ms':>8} {'p99 ms':>8}")
    backends = [("SQLite", None)] + ([("PostgreSQL", postgres)] if postgres else [])
    for name, url in backends:
        with tempfile.TemporaryDirectory() as folder:
            took = sorted(latencies(Path(folder), url, guests))
        p50 = statistics.median(took)
        p99 = took[min(len(took) - 1, round(len(took) * 0.99))]
        print(f"{name:<11} {guests:>6} {p50 * 1000:>8.1f} {p99 * 1000:>8.1f}")
        missed += p99 > TARGET_P99_S
    return 1 if missed else 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    postgres_url = arguments[1] if len(arguments) > 1 else None
    sys.exit(main(int(arguments[0]) if arguments else 200, postgres_url))
