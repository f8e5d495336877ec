"""What many tests build: the suite's calendar, invitations and walk-ins by field, the test
site's host, the command line, a photo, and the raw bytes of a database.

The whole suite runs on one pinned moment (``KIOSK_TEST_NOW``, by default a Sunday at 23:30 in
Jakarta, the hour before a day, a week and a month end): the app's clock reads it at the start
of every test and runs on from there (see ``tests/conftest.py``).
"""

import io
import os
import subprocess
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from PIL import Image
from sqlalchemy import create_engine, inspect, make_url, select, text, update

from kiosk.clock import utc_now
from kiosk.notify.smtp import SmtpTransport
from kiosk.services.directory.hosts import NewHost, find_host
from kiosk.services.invitations.invite import InvitationRequest
from kiosk.services.outbox.badges import BadgeSender
from kiosk.services.outbox.drain import DrainReport, drain
from kiosk.services.outbox.email import EmailSender, Transport
from kiosk.services.screening.deny_list import DenyRequest
from kiosk.services.visits.walk_in import WalkIn
from kiosk.store.privacy_models import PersonalValue

SUITE_NOW = datetime.fromisoformat(os.environ.get("KIOSK_TEST_NOW") or "2026-11-29T23:30:00+07:00")
JAKARTA = ZoneInfo("Asia/Jakarta")
TODAY: date = SUITE_NOW.astimezone(JAKARTA).date()
TOMORROW: date = TODAY + timedelta(days=1)
DURING = datetime.combine(TOMORROW, time(9, 30), JAKARTA)
"""Within :func:`request`'s window, tomorrow morning."""
HOST_EMAIL = "rina@menara.example"


class HandClock:
    """A clock a test moves by hand, from the app clock's now (the suite's pinned moment)."""

    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def visitor(**fields: object) -> dict[str, object]:
    """Visitor values by registry field, from short names (``name="Siti"``); None leaves one
    out."""
    return {f"visitor.{name}": value for name, value in fields.items() if value is not None}


def request(
    *,
    host_email: str = HOST_EMAIL,
    day: date = TOMORROW,
    until: date | None = None,
    start_time: time | None = time(9, 0),
    end_time: time | None = time(11, 0),
    visit_type: str = "meeting",
    **fields: object,
) -> InvitationRequest:
    """An invitation for tomorrow 09:00-11:00; ``fields`` change the guest's values by short
    name (``email=None`` leaves the email out)."""
    values = {"name": "Siti Rahmawati", "email": "siti@tamu.example"} | fields
    return InvitationRequest(
        host_email=host_email,
        day=day,
        values=visitor(**values),
        until=until,
        start_time=start_time,
        end_time=end_time,
        visit_type=visit_type,
    )


def open_now(**changes: object) -> InvitationRequest:
    """An invitation valid from yesterday to tomorrow, whole days: usable at any time today."""
    window = {"day": TODAY - timedelta(days=1), "start_time": None, "end_time": None}
    return request(**(window | {"until": TOMORROW} | changes))


def walk_in_guest(
    host: int, visit_type: str = "meeting", walk_in_key: str | None = None, **fields: object
) -> WalkIn:
    """A walk-in for ``host`` whose values are ``fields`` by short name (``name="Siti"``),
    with a phone number unless ``fields`` give a contact (``phone=None`` leaves it out)."""
    contact = {} if {"phone", "email"} & fields.keys() else {"phone": "0812 1111 2222"}
    return WalkIn(host, visitor(**(contact | fields)), visit_type, walk_in_key=walk_in_key)


def member(name: str, email: str, **fields: object) -> NewHost:
    """A host for the directory, by short names of the member fields."""
    values = {"name": name, "email": email} | fields
    return NewHost({f"member.{key}": value for key, value in values.items() if value is not None})


def deny(name: str, reason: str, until: datetime, **fields: object) -> DenyRequest:
    """A deny-list entry; ``fields`` add ``id_type`` and ``id_last4``."""
    return DenyRequest(visitor(deny_name=name, deny_reason=reason, **fields), until)


def host_id(site) -> int:
    with site.unit_of_work() as uow:
        return find_host(uow, site, HOST_EMAIL).id


def send_mail(
    site, transport: Transport | None = None, now: datetime | None = None, limit: int = 50
) -> DrainReport:
    """Drains the email outbox through ``transport`` (the site's mail server by default)."""
    sender = EmailSender(site, transport or SmtpTransport(site.settings.smtp_url))
    return drain(site, sender, now, limit)


def print_badges(site, now: datetime | None = None) -> DrainReport:
    """Drains the print outbox to the site's printer."""
    return drain(site, BadgeSender(site), now)


def run(site, *args: str, env: dict[str, str] | None = None, input: str | None = None):
    """``kiosk ARGS`` on the test site's database, data folder and mail server (``env`` adds
    or changes settings; ``input`` is what is typed at its questions)."""
    from kiosk.cli import main

    settings = site.settings
    defaults = {
        "KIOSK_DATA_DIR": str(settings.data_dir),
        "KIOSK_SMTP_URL": settings.smtp_url,
        "KIOSK_SITE_NAME": settings.site_name,
        "KIOSK_POLICY": str(settings.registry) if settings.registry else None,
        "KIOSK_NOTIFY_GUEST_PHONE": settings.notify_guest_phone,
        "KIOSK_NOTIFY_HOST_PHONE": settings.notify_host_phone,
        "KIOSK_NOTIFY_RECEPTION": ", ".join(settings.notify_reception) or None,
    }
    global_options = ["--database", site.settings.database_url]
    return CliRunner().invoke(
        main, [*global_options, *args], env=defaults | (env or {}), input=input
    )


def photo_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.radial_gradient("L").resize((120, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def database_bytes(database_url: str) -> bytes:
    """Everything the database holds as stored: the SQLite file (after a checkpoint) or a
    pg_dump of the PostgreSQL database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        engine.dispose()
        return Path(url.database).read_bytes()
    dump = subprocess.run(
        ["pg_dump", "--no-owner", url.set(drivername="postgresql").render_as_string(False)],
        capture_output=True,
        check=True,
    )
    return dump.stdout


def every_cell(database_url: str) -> list[bytes]:
    """Every non-empty cell of every table, as bytes."""
    engine = create_engine(make_url(database_url))
    cells: list[bytes] = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                for cell in row:
                    if isinstance(cell, bytes | memoryview):
                        cells.append(bytes(cell))
                    elif cell is not None:
                        cells.append(str(cell).encode())
    engine.dispose()
    return cells


def found_in_database(forms: list[bytes], database_url: str) -> list[bytes]:
    """Those of ``forms`` that are anywhere in the database: a cell, the raw file or a dump
    (where pg_dump writes bytea as hex)."""
    cells = b"\x00".join(every_cell(database_url))
    raw = database_bytes(database_url)
    return [f for f in forms if f in cells or f in raw or f.hex().encode() in raw]


EXTRA_FIELD = """
[fields."visitor.accessibility_needs"]
label = { id = "Kebutuhan aksesibilitas", en = "Accessibility needs" }
category = "other"
kind = "text"
storage = "encrypted"
purposes = ["visitor-sign-in-services"]
asked = ["invitation"]
why.id = "Agar resepsionis dapat menyiapkan bantuan yang Anda perlukan."
why.en = "So reception can have the help you need ready."
"""
BUNDLED_VERSION = "2018-05-25+kiosk-1+kiosk-2"
"""The registry in force as the kiosk ships it: the release and the kiosk's own amendment."""
SITE_VERSION = f"{BUNDLED_VERSION}+contoh-1"
AMENDMENT = f"""# Gedung Contoh amends the released registry: its controller, a field of its own.
[policy]
version = "{SITE_VERSION}"
amends = "{BUNDLED_VERSION}"

[controller]
name = {{ id = "PT Gedung Contoh", en = "Contoh Building Company" }}
"""


def site_registry(folder: Path, *, extra: str = EXTRA_FIELD) -> Path:
    """A site's short amendment of the bundled registry: its controller and a field of its own."""
    path = folder / "registry" / f"{SITE_VERSION}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(AMENDMENT + extra, encoding="utf-8")
    return path


def damage_value(site, subject_id: int, field: str) -> None:
    """Flips one bit of the value's ciphertext, as a failing disk would."""
    with site.unit_of_work() as uow:
        row = uow.session.scalar(
            select(PersonalValue).where(
                PersonalValue.subject_id == subject_id, PersonalValue.field == field
            )
        )
        sealed = bytearray(row.sealed_value)
        sealed[-1] ^= 0x01
        uow.session.execute(
            update(PersonalValue)
            .where(PersonalValue.id == row.id)
            .values(sealed_value=bytes(sealed))
        )
        uow.commit()
