"""The portal at building scale, on PostgreSQL: "my guests" (a host) and "on site now"
(reception) with a million past visits and 100,000 pending invitations, each guest with their
name and email sealed as the gateway seals them and audit entries for every visit, while 50
signed-in sessions use the portal at once.

    .venv/bin/python -m benchmarks.portal [--scale 0.01] [--rounds 20]

Each of the 50 sessions (40 hosts, 10 reception) asks for its page ``--rounds`` times,
``--pause`` seconds apart (5: a busy person clicking), against ``kiosk serve --workers 2`` on
127.0.0.1.
Prints p50 / p99 per page and writes them to docs/PERFORMANCE.md (section "Web portal");
exits 1 if a p99 is over 50 ms. ``--scale`` shrinks the data for a smoke run.
"""

import argparse
import asyncio
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from secrets import token_hex

import httpx2
import psycopg

from benchmarks.document import write_section
from benchmarks.performance import (
    PAST_VISITS,
    PENDING_INVITATIONS,
    insert_rows,
    percentile,
    postgres_database,
)
from kiosk.keys import load_site_key
from kiosk.privacy.crypto import FieldCipher
from kiosk.privacy.gateway import _context as seal_context
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.hosts import add_host
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import new_link, open_session
from kiosk.services.portal.staff import add_staff
from kiosk.settings import load_settings
from kiosk.store.models import Invitation, Visit
from kiosk.store.privacy_models import AuditEntry, DataSubject, PersonalValue
from tests.builders import member
from tests.mail_server import free_port

SECTION = "## Web portal"
HOSTS = 500
HOST_SESSIONS, DESK_SESSIONS = 40, 10
ON_SITE = 150
"""Guests in the building while it is measured: a busy lobby's afternoon."""
DAYS_BACK = 730
TARGET_MS = 50
WHERE_THE_TIME_GOES = (
    "Measured in process and with py-spy on the workers (PostgreSQL, this data; one host's "
    "100 guests, 150 on site): the session check 1.5-2 ms (one statement for the session, its"
    " host and role, one for the name and language; staff: the open alerts); my guests' "
    "reader 9-10 ms: the host's three lists in one statement 2-2.5 ms (built once per shape "
    "of its windows), the latest visits 1-2 ms, the names with their subjects 1.5-3 ms, the "
    "queued view and commit about 1 ms, decrypting 100 names and 100 short codes under 1 ms; "
    "rendering 100 rows 1.8 ms. On site now at 1% of this data: its reader 7.8 ms (the names "
    "of 150 guests and their hosts 1.2 ms), rendering 150 rows 4.5 ms. Under load each host's"
    " rows sit on pages of their own that a default 128 MB shared_buffers does not keep for "
    "50 people at once (2.8 GB of data; 200-470 buffers read per list). What brought the p99 "
    "under 50 ms: the views the workers queue are chained by `kiosk serve`'s supervisor, not "
    "by a thread in each worker, which held that worker's interpreter lock while its pages "
    "waited (p99 of my guests 57 ms before, 29-48 ms after in three runs); and a list's names"
    " are read with the people's ids on the values' side of the join too, which the planner "
    "otherwise answered by reading every value of the table (that statement 3.8 ms to 1.2 ms "
    "at 1% of the data; p99 of on site now 85 ms in the run with only the first change, 33-36 "
    "ms in two runs with both). Then the session is checked in the list's own transaction "
    "(one transaction a page, not two to four): one at a time, my guests 18.2 to 12.7 ms and "
    "on site now 15.2 to 12.6 ms; under load, p99 48.3 to 46.8 ms and 36.3 to 21.7 ms. Not "
    "done: the lists' latest visits and names joined into the lists' own statement."
)
PAUSE_S = 5.0
"""Between one person's requests: a busy desk clicking (the on-site page refreshes itself
every 30 s)."""
PURPOSE = "visitor-identification"


def open_site(folder: Path, database_url: str) -> Kiosk:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.toml"
    config.write_text(f'[paths]\ndata_dir = "{folder}"\n[database]\nurl = "{database_url}"\n')
    return open_kiosk(load_settings(config, environ={}))


def seed_hosts(kiosk: Kiosk) -> list[int]:
    with kiosk.unit_of_work() as uow:
        ids = [
            add_host(uow, kiosk, member(f"Tuan Rumah {n}", f"host{n}@menara.example"), "bench")
            for n in range(HOSTS)
        ]
        uow.commit()
    return ids


def seed_guests(kiosk: Kiosk, count: int, tag: str) -> list[tuple[int, str]]:
    """``count`` guests with a sealed name and a sealed, searchable email each, and the audit
    entries of their capture: (subject id, reference)."""
    site, now = kiosk.site.id, datetime.now(UTC)
    references = [f"{tag}{n:09d}" for n in range(count)]
    subjects = (
        {"site_id": site, "kind": "visitor", "reference": r, "created_at": now} for r in references
    )
    insert_rows(kiosk, DataSubject.__table__, subjects, count)
    with kiosk.unit_of_work() as uow:
        rows = uow.session.execute(
            DataSubject.__table__.select()
            .with_only_columns(DataSubject.id, DataSubject.reference)
            .where(DataSubject.reference.startswith(tag))
            .order_by(DataSubject.id)
        )
        guests = [(row.id, row.reference) for row in rows]
    cipher = FieldCipher(load_site_key(kiosk.settings.key_file))
    common = {
        "site_id": site,
        "purpose": PURPOSE,
        "basis": "legitimate_interests",
        "policy_version": "2018-05-25",
        "notice_version": "invitation-email.1",
        "notice_language": "id",
        "source": "host_preregistered",
        "actor": "bench",
        "captured_at": now,
        "retention_until": None,
        "plain_value": None,
    }

    def values():
        for n, (subject_id, reference) in enumerate(guests):
            name, email = f"Tamu Nomor {n}", f"tamu{n}.{tag}@contoh.example"
            for field, value, lookup in (
                ("visitor.name", name, None),
                ("visitor.email", email, cipher.lookup_hash("visitor.email", email)),
            ):
                context = seal_context(reference, field, PURPOSE)
                yield common | {
                    "subject_id": subject_id,
                    "field": field,
                    "sealed_value": cipher.encrypt(value.encode(), context),
                    "lookup_hash": lookup,
                }

    insert_rows(kiosk, PersonalValue.__table__, values(), 2 * count)
    return guests


def seed_audit(kiosk: Kiosk, guests: list[tuple[int, str]], first_seq: int) -> None:
    """Three entries per guest (two captures and a print), far past the log's own sequence:
    the table is as large as a real building's; the chain of these is not checked here."""
    now = datetime.now(UTC)
    entries = (
        {
            "site_id": kiosk.site.id,
            "seq": first_seq + 3 * n + k,
            "at": now,
            "action": action,
            "actor": "bench",
            "subject_ref": reference,
            "field": field,
            "purpose": PURPOSE,
            "detail": "",
            "prev_mac": "0" * 64,
            "mac": "0" * 64,
        }
        for n, (_, reference) in enumerate(guests)
        for k, (action, field) in enumerate(
            (("capture", "visitor.name"), ("capture", "visitor.email"), ("print", None))
        )
    )
    insert_rows(kiosk, AuditEntry.__table__, entries, 3 * len(guests))


def seed_building(kiosk: Kiosk, hosts: list[int], visits: int, pending: int) -> None:
    site, now = kiosk.site.id, datetime.now(UTC)
    past_guests = seed_guests(kiosk, visits, "p")
    future_guests = seed_guests(kiosk, pending, "f")
    seed_audit(kiosk, past_guests + future_guests, 10**9)
    rng = random.Random(7)

    def invitation(subject_id: int, starts: datetime, status: str) -> dict:
        return {
            "site_id": site,
            "host_id": rng.choice(hosts),
            "guest_subject_id": subject_id,
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "visit_type": "meeting",
            "status": status,
            "code_digest": os.urandom(32),
            "code_nonce": os.urandom(8),
            "created_at": now,
        }

    starts = [
        now - timedelta(days=DAYS_BACK * n / visits, hours=rng.random() * 3) for n in range(visits)
    ]
    starts[:ON_SITE] = [now - timedelta(minutes=30 + n) for n in range(ON_SITE)]
    used = (invitation(g, s, "used") for (g, _), s in zip(past_guests, starts, strict=True))
    insert_rows(kiosk, Invitation.__table__, used, visits)
    coming = (
        invitation(g, now + timedelta(days=1 + 60 * n / pending), "pending")
        for n, (g, _) in enumerate(future_guests)
    )
    insert_rows(kiosk, Invitation.__table__, coming, pending)
    with kiosk.unit_of_work() as uow:
        by_guest = dict(
            uow.session.execute(
                Invitation.__table__.select()
                .with_only_columns(Invitation.guest_subject_id, Invitation.id)
                .where(Invitation.status == "used")
            ).all()
        )
    zone_day = now.date()

    def visit_rows():
        numbers: dict = {}
        for n, ((subject_id, _), started) in enumerate(zip(past_guests, starts, strict=True)):
            day = started.date() if n >= ON_SITE else zone_day
            numbers[day] = numbers.get(day, 0) + 1
            yield {
                "site_id": site,
                "guest_subject_id": subject_id,
                "host_id": rng.choice(hosts),
                "invitation_id": by_guest[subject_id],
                "visit_type": "meeting",
                "kiosk_id": "kiosk-1",
                "badge_day": day,
                "badge_number": numbers[day],
                "checked_in_at": started,
                "checked_out_at": None if n < ON_SITE else started + timedelta(hours=2),
            }

    insert_rows(kiosk, Visit.__table__, visit_rows(), visits)
    plain_url = kiosk.settings.database_url.replace("postgresql+psycopg:", "postgresql:")
    with psycopg.connect(plain_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # as a building's database is kept


def sessions(kiosk: Kiosk) -> list[tuple[str, str]]:
    """(session cookie, page) for 40 hosts and 10 reception staff, signed in as they would be."""
    people = [(f"host{n}@menara.example", "/invitations") for n in range(HOST_SESSIONS)]
    for n in range(DESK_SESSIONS):
        email = f"desk{n}@menara.example"
        add_staff(kiosk, f"Resepsionis {n}", email, "reception", "bench")
        people.append((email, "/reception/onsite"))
    made = []
    for n, (email, page) in enumerate(people):
        secret = new_link(kiosk, email).link.rsplit("/", 1)[1]
        signed = open_session(kiosk, secret, f"10.0.0.{n}", token_hex(16))
        made.append((signed.session_secret, page))
    return made


async def load(
    base: str, signed_in: list[tuple[str, str]], rounds: int, pause: float
) -> dict[str, list]:
    timings: dict[str, list[float]] = {"/invitations": [], "/reception/onsite": []}
    async with httpx2.AsyncClient(base_url=base, timeout=30) as client:

        async def person(cookie: str, page: str, delay: float) -> None:
            await asyncio.sleep(delay)
            for round_ in range(rounds + 1):
                started = time.perf_counter()
                answer = await client.get(page, cookies={"kiosk_session": cookie})
                if round_:  # the first one warms a worker up (templates, connections)
                    timings[page].append((time.perf_counter() - started) * 1000)
                if answer.status_code != 200 or not re.search("guests|entry", answer.text):
                    raise SystemExit(f"{page} answered {answer.status_code}")
                await asyncio.sleep(pause)

        spread = [pause * n / len(signed_in) for n in range(len(signed_in))]
        await asyncio.gather(
            *(person(c, p, d) for (c, p), d in zip(signed_in, spread, strict=True))
        )
    return timings


SEQUENTIAL_ROUNDS = 50
RATIO_TARGET = 5


def one_at_a_time(base: str, signed_in: list[tuple[str, str]]) -> dict[str, float]:
    """The median time of each page asked one request at a time (nothing else running), the
    first host's and the first desk's, beside /healthz."""
    cookies = {page: cookie for cookie, page in reversed(signed_in)}
    medians = {}
    with httpx2.Client(base_url=base, timeout=30) as client:
        for page in ("/healthz", "/invitations", "/reception/onsite"):
            cookie = {"kiosk_session": cookies[page]} if page in cookies else {}
            client.get(page, cookies=cookie)
            times = []
            for _ in range(SEQUENTIAL_ROUNDS):
                started = time.perf_counter()
                client.get(page, cookies=cookie)
                times.append((time.perf_counter() - started) * 1000)
            medians[page] = percentile(times, 0.5)
    return medians


def serve(kiosk: Kiosk, port: int) -> subprocess.Popen:
    settings = kiosk.settings
    environ = os.environ | {
        "KIOSK_DATABASE_URL": settings.database_url,
        "KIOSK_DATA_DIR": str(settings.data_dir),
    }
    command = [sys.executable, "-m", "kiosk", "serve", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, env=environ, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=30)  # answers, healthy or not
            return process
        except httpx2.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the portal did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the data sizes")
    parser.add_argument("--rounds", type=int, default=20, help="requests per session")
    parser.add_argument(
        "--pause", type=float, default=PAUSE_S, help="seconds between a session's requests"
    )
    options = parser.parse_args()
    visits = int(PAST_VISITS * options.scale)
    pending = int(PENDING_INVITATIONS * options.scale)
    with postgres_database() as url:
        kiosk = open_site(Path(tempfile.mkdtemp(prefix="kiosk-portal-bench-")), url)
        hosts = seed_hosts(kiosk)
        seed_building(kiosk, hosts, visits, pending)
        signed_in = sessions(kiosk)
        port = free_port()
        process = serve(kiosk, port)
        try:
            base = f"http://127.0.0.1:{port}"
            timings = asyncio.run(load(base, signed_in, options.rounds, options.pause))
            medians = one_at_a_time(base, signed_in)
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)
    lines = [
        f"{SECTION}\n",
        f"Measured by `benchmarks/portal.py` on {datetime.now(UTC).date()} ({os.cpu_count()} "
        f"cores): PostgreSQL, {visits:,} past visits and {pending:,} pending invitations "
        f"(each guest's name and email sealed, three audit entries each), {HOSTS} hosts, "
        f"{ON_SITE} guests on site; {HOST_SESSIONS} hosts and {DESK_SESSIONS} reception staff "
        f"signed in at once, each asking for their page {options.rounds} times, "
        f"{options.pause:g} s apart (after one first request each, not counted: the workers "
        "warming up), against `kiosk serve --workers 2` on 127.0.0.1.\n",
        "| Page | Requests | p50 | p99 | Target | Met |",
        "|---|---|---|---|---|---|",
    ]
    met = True
    for page, name in (
        ("/invitations", "my guests (a host)"),
        ("/reception/onsite", "on site now"),
    ):
        p50, p99 = percentile(timings[page], 0.5), percentile(timings[page], 0.99)
        met &= p99 <= TARGET_MS
        ok = "yes" if p99 <= TARGET_MS else "**no**"
        lines.append(
            f"| {name} | {len(timings[page])} | {p50:.1f} ms | {p99:.1f} ms "
            f"| p99 ≤ {TARGET_MS} ms | {ok} |"
        )
    health = medians["/healthz"]
    lines += [
        "",
        f"One request at a time ({SEQUENTIAL_ROUNDS} each, the median), beside `/healthz` "
        f"({health:.1f} ms; it runs the health checks: database, schema, key, audit anchor, "
        "printer, outbox and purge, so the ratio is no longer to a page that does nothing):",
        "",
        "| Page | Median | Times /healthz | Target | Met |",
        "|---|---|---|---|---|",
    ]
    for page, name in (
        ("/invitations", "my guests (a host)"),
        ("/reception/onsite", "on site now"),
    ):
        ratio = medians[page] / health
        met &= ratio <= RATIO_TARGET
        ok = "yes" if ratio <= RATIO_TARGET else "**no**"
        lines.append(
            f"| {name} | {medians[page]:.1f} ms | {ratio:.1f} x | ≤ {RATIO_TARGET} x | {ok} |"
        )
    lines.append(f"\n**Where the time goes**: {WHERE_THE_TIME_GOES}")
    text = "\n".join(lines) + "\n"
    print(text)
    if options.scale == 1.0:
        write_section(text)
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
