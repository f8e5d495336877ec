"""The kiosk's logs say what went wrong without a secret or a guest's data in them: a morning
of faults (mail server down with its password in the settings, printer refusing, a guest's
typo, a forged code) leaves log lines that name the fault and nothing of the people."""

import logging
import time
from dataclasses import replace

import pytest

from kiosk.badge.printers import BadgePrinter
from kiosk.errors import KioskError
from kiosk.services.background import OutboxWorker
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.arrival import arrive
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.walk_in import walk_in
from tests.builders import host_id, open_now, walk_in_guest
from tests.mail_server import free_port

SMTP_PASSWORD = "kata-sandi-rahasia-7"
WAIT_S = 20


def test_faults_are_logged_without_secrets_or_personal_values(site, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    settings = replace(
        site.settings, smtp_url=f"smtp://reception:{SMTP_PASSWORD}@127.0.0.1:{free_port()}"
    )
    printer = BadgePrinter(
        f"tcp://127.0.0.1:{free_port()}", site.printer.profile, 1, settings.badge_dir
    )
    kiosk = replace(site, settings=settings, printer=printer)
    made = invite(
        kiosk,
        open_now(name="Larasati Wibisono", phone="0812 7777 3131"),
        "staff:test",
    )
    check_in(kiosk, made.id)
    with pytest.raises(KioskError):
        walk_in(kiosk, walk_in_guest(host_id(kiosk), name="Gendis Paramitha", phone="not a phone"))
    with pytest.raises(KioskError):
        arrive(kiosk, made.token[:-2] + "AA")

    worker = OutboxWorker(kiosk)
    worker.start()
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and not kiosk_lines(caplog):
        time.sleep(0.1)
    worker.stop()

    logged = "\n".join(kiosk_lines(caplog))
    assert "outbox" in logged, "the faults are in the log"
    secrets = [
        SMTP_PASSWORD,
        "Larasati",
        "Wibisono",
        "siti@tamu.example",
        "7777",
        "Gendis",
        "not a phone",
        made.token,
        made.short_code,
        "rina@menara.example",
        "Rina Wijaya",
        kiosk.settings.key_file.read_bytes().hex(),
    ]
    assert [secret for secret in secrets if secret in logged] == []


def kiosk_lines(caplog) -> list[str]:
    """What the kiosk's own loggers wrote, tracebacks included."""
    handler = logging.Formatter()
    return [handler.format(record) for record in caplog.records if record.name.startswith("kiosk")]
