"""Badges on a network printer (a fake one on 127.0.0.1 that answers DLE EOT like an Epson):
each fault is shown as a status, the badge job is kept and printed once the printer is back,
a job that may have come out is never sent twice on its own, and staff can reprint."""

import contextlib
import os
import re
import socket
import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image

from kiosk.badge.printers import BadgePrinter, open_printer, settings_printer
from kiosk.errors import KioskError
from kiosk.services.invitations.invite import invite
from kiosk.services.outbox.badges import reprint
from kiosk.services.outbox.drain import outbox_jobs
from kiosk.services.reception.alerts import open_alerts
from kiosk.services.reception.printer import print_roll_call
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out, visit_named
from kiosk.services.visits.on_site import on_site
from kiosk.settings import BUNDLED_FONT, PRINTER_FONT
from tests.builders import DURING, open_now, print_badges, request, run
from tests.emulator import emulate
from tests.fake_printer import FakePrinter
from tests.mail_server import free_port

LATER = DURING + timedelta(minutes=5)
TIMEOUT_S = 1


@pytest.fixture
def printer():
    fake = FakePrinter()
    yield fake
    fake.stop()


def on_printer(site, uri: str, font: str = PRINTER_FONT):
    """The test site, printing to ``uri``; in the printer's own font unless told otherwise, so
    that the name can be read in the bytes the printer received."""
    profile = site.printer.profile
    printer = BadgePrinter(uri, profile, TIMEOUT_S, site.settings.badge_dir, font)
    return replace(site, printer=printer)


def checked_in(kiosk):
    made = invite(kiosk, request(email=None), "staff:test")
    return check_in(kiosk, made.id, now=DURING).visit


def badge_job(kiosk):
    (job,) = [job for job in outbox_jobs(kiosk) if job.channel == "print"][-1:]
    return job


@pytest.mark.parametrize(
    "fault, shown",
    [("paper_out", "paper out"), ("cover_open", "cover open"), ("offline", "offline")],
)
def test_a_printer_that_cannot_print_keeps_the_badge_until_it_can(
    site, printer, fault, shown
) -> None:
    kiosk = on_printer(site, printer.uri)
    setattr(printer.faults, fault, True)
    visit = checked_in(kiosk)
    assert str(kiosk.printer.status()) == shown
    assert print_badges(kiosk, now=DURING).counts == {"pending": 1}
    job = badge_job(kiosk)
    assert (job.status, job.last_error) == ("pending", shown)
    assert job.next_attempt_at > DURING, "retried later, not in a tight loop"
    assert printer.jobs == [], "only status queries reached the printer"
    assert [guest.visit_id for guest in on_site(kiosk)] == [visit.id], "the check-in stands"
    setattr(printer.faults, fault, False)
    assert str(kiosk.printer.status()) == "online, paper OK"
    assert print_badges(kiosk, now=LATER).counts == {"sent": 1}
    assert b"Siti Rahmawati" in printer.job(1)
    assert badge_job(kiosk).status == "sent"


def test_a_refused_connection_is_unreachable_and_the_badge_prints_when_it_listens(site) -> None:
    port = free_port()
    kiosk = on_printer(site, f"tcp://127.0.0.1:{port}")
    checked_in(kiosk)
    assert str(kiosk.printer.status()) == "unreachable: connection refused"
    assert print_badges(kiosk, now=DURING).counts == {"pending": 1}
    assert badge_job(kiosk).last_error == "unreachable: connection refused"
    printer = FakePrinter(port)
    try:
        assert print_badges(kiosk, now=LATER).counts == {"sent": 1}
        assert b"Siti Rahmawati" in printer.job(1)
    finally:
        printer.stop()


def test_a_hung_printer_costs_one_timeout_and_the_badge_waits(site, printer) -> None:
    kiosk = on_printer(site, printer.uri)
    printer.faults.hang = True
    checked_in(kiosk)
    assert str(kiosk.printer.status()) == "unreachable: no answer in time"
    assert print_badges(kiosk, now=DURING).counts == {"pending": 1}
    assert badge_job(kiosk).status == "pending"
    printer.faults.hang = False
    assert print_badges(kiosk, now=LATER).counts == {"sent": 1}
    assert b"Siti Rahmawati" in printer.job(1)


def test_a_link_broken_mid_job_is_uncertain_never_resent_alone_and_staff_reprint(
    site, printer
) -> None:
    kiosk = on_printer(site, printer.uri)
    printer.faults.break_after_bytes = 100
    visit = checked_in(kiosk)
    assert print_badges(kiosk, now=DURING).counts == {"uncertain": 1}
    job = badge_job(kiosk)
    assert job.status == "uncertain"
    assert job.last_error.startswith("unreachable: the link broke during the job")
    printer.faults.break_after_bytes = None
    assert print_badges(kiosk, now=LATER).counts == {}, "not sent twice on its own"
    assert (
        reprint(kiosk, visit_named(kiosk, str(visit.badge_number), LATER), now=LATER).id == visit.id
    )
    assert print_badges(kiosk, now=LATER).counts == {"sent": 1}
    assert b"Siti Rahmawati" in printer.job(2), "the first, broken job was cut short"


def test_a_badge_still_waiting_once_its_visit_is_over_is_never_printed(site, printer) -> None:
    """A printer down all afternoon, or a database upgraded with last year's jobs: a badge for
    a guest who has left, or of another day, is not printed when the printer comes back (a
    name on paper nobody collects), and reception is not called for it."""
    kiosk = on_printer(site, printer.uri)
    left, yesterdays = checked_in(kiosk), checked_in(kiosk)
    check_out(kiosk, left.id, now=LATER)
    next_day = DURING + timedelta(days=1)

    assert print_badges(kiosk, now=next_day).counts == {}, "nothing left to print"

    assert printer.jobs == []
    waiting = [job for job in outbox_jobs(kiosk) if job.channel == "print"]
    assert {job.last_error for job in waiting} == {
        "the visit is over: its badge is no longer printed"
    }
    assert open_alerts(kiosk) == []
    with pytest.raises(KioskError, match="the visit is over") as refused:
        reprint(kiosk, yesterdays.id, now=next_day)
    assert refused.value.reason == "visit_over"
    assert reprint(kiosk, yesterdays.id, now=LATER).id == yesterdays.id, "on its day it prints"


def test_paper_running_out_during_the_job_makes_it_uncertain(site, printer) -> None:
    kiosk = on_printer(site, printer.uri)
    printer.faults.paper_out_after_bytes = 100
    checked_in(kiosk)
    assert print_badges(kiosk, now=DURING).counts == {"uncertain": 1}
    assert badge_job(kiosk).last_error == "paper out"


def test_paper_near_its_end_still_prints_and_says_so(site, printer) -> None:
    kiosk = on_printer(site, printer.uri)
    printer.faults.paper_near_end = True
    checked_in(kiosk)
    assert str(kiosk.printer.status()) == "online, paper near its end"
    assert print_badges(kiosk, now=DURING).counts == {"sent": 1}


def test_the_roll_call_prints_who_is_on_site_and_is_audited(site, printer) -> None:
    kiosk = on_printer(site, printer.uri)
    visit = checked_in(kiosk)
    roll_call = print_roll_call(kiosk, now=DURING)
    assert [guest.visit_id for guest in roll_call.guests] == [visit.id]
    assert b"#1 Siti Rahmawati / Rina Wijaya / 09:30" in printer.job(1)
    with kiosk.unit_of_work() as uow:
        details = [entry.detail for entry in uow.audit.entries(kiosk.site.id)]
    assert "roll call" in details


def test_the_printer_commands_report_status_print_a_sample_reprint_and_roll_call(
    site, printer
) -> None:
    def kiosk_cli(*args: str):
        return run(site, "--printer", printer.uri, *args, env={"KIOSK_PRINTER_FONT": "printer"})

    assert kiosk_cli("printer", "status").stdout.endswith(": online, paper OK\n")
    printer.faults.cover_open = True
    stopped = kiosk_cli("printer", "status")
    assert stopped.exit_code == 1 and stopped.stdout.endswith(": cover open\n")
    refused = kiosk_cli("printer", "test")
    assert refused.exit_code == 1
    assert "sample badge not printed: the printer is cover open" in refused.stderr
    printer.faults.cover_open = False
    sample = kiosk_cli("printer", "test", "--name", "王芳")
    assert sample.exit_code == 0 and "sample badge printed" in sample.stdout
    assert b"\x1dv0" in printer.job(1), "a name no code page holds is sent as an image"
    made = invite(site, open_now(email=None), "staff:test")
    assert "badges: 1 sent" in kiosk_cli("checkin", made.token).stdout
    again = kiosk_cli("reprint", "1")
    assert again.stdout.startswith("badge 1 queued again\nbadges: 1 sent")
    assert b"Siti Rahmawati" in printer.job(2) and b"Siti Rahmawati" in printer.job(3)
    roll_call = kiosk_cli("onsite", "--print")
    assert roll_call.stdout.startswith("roll call of 1 printed")
    assert b"Siti Rahmawati / Rina Wijaya" in printer.job(4)


def test_the_badge_the_printer_received_signs_the_guest_out(site, printer, tmp_path) -> None:
    """A badge drawn in the bundled fonts (the default) is tens of kilobytes of raster: all of
    it reaches the printer over the network, and its QR code signs the guest out."""
    kiosk = on_printer(site, printer.uri, BUNDLED_FONT)
    made = invite(kiosk, request(email=None, name="Ахмед Иванов"), "staff:test")
    visit = check_in(kiosk, made.id, now=DURING).visit
    assert print_badges(kiosk, now=DURING).counts == {"sent": 1}
    assert len(printer.job(1)) > 10_000 and printer.job(1).endswith(b"\x1dV\x00"), "whole"
    page = emulate({"badge": (printer.job(1), kiosk.printer.profile)}, tmp_path)["badge"]
    assert "[image" in page.text
    (code,) = zxingcpp.read_barcodes(page.image)
    assert check_out(kiosk, visit_named(kiosk, code.text, LATER), now=LATER).visit.id == visit.id


@pytest.mark.parametrize(
    "uri, refusal",
    [
        ("usb://04b8", "give the vendor and product id in hex, like usb://04b8:0e15"),
        ("usb://04b8:0e15", "pip install 'python-escpos[usb]'"),
        ("serial:///dev/ttyUSB0?baudrate=19200", "pip install 'python-escpos[serial]'"),
        ("cups://lobby", "pip install 'python-escpos[cups]'"),
        ("tcp://:9100", "name the printer's host"),
    ],
)
def test_a_printer_address_that_cannot_work_says_what_to_do(site, uri, refusal) -> None:
    with pytest.raises(KioskError, match=re.escape(refusal)):
        open_printer(uri, site.printer.profile, TIMEOUT_S)


def test_printer_addresses_open_the_right_connection(site) -> None:
    network = open_printer("tcp://printer.lobby", site.printer.profile, TIMEOUT_S)
    assert (network.host, network.port, network.timeout) == ("printer.lobby", 9100, TIMEOUT_S)
    device = open_printer("file:/dev/usb/lp0", site.printer.profile, TIMEOUT_S)
    assert device.devfile == "/dev/usb/lp0"


def test_a_badge_prints_only_at_the_kiosk_where_its_guest_stands(site) -> None:
    """Two kiosks on one database: the north lobby's guest whose badge did not print is never
    printed by the south lobby's printer, unless staff send it there."""
    north, south = (
        replace(site, settings=replace(site.settings, kiosk_id=name))
        for name in ("lobby-north", "lobby-south")
    )
    made = invite(north, open_now(email=None), "staff:test")
    visit = check_in(north, made.id).visit
    assert print_badges(south).counts == {}, "not the south printer's badge"
    assert print_badges(north).counts == {"sent": 1}
    run(site, "reprint", str(visit.badge_number), "--at", "lobby-south")
    assert print_badges(north).counts == {}, "staff sent the reprint south"
    assert print_badges(south).counts == {"sent": 1}
    assert {path.name.split("-")[1] for path in site.settings.badge_dir.glob("badge-*.png")} == {
        str(visit.id)
    }


@pytest.fixture
def full_pipe(tmp_path):
    """A printer device that takes nothing more: a pipe whose reader never reads, full."""
    path = tmp_path / "lp0"
    os.mkfifo(path)
    reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    with contextlib.suppress(BlockingIOError):
        while True:
            os.write(writer, b"\0" * 4096)
    os.close(writer)
    yield path
    os.close(reader)


def test_a_device_nobody_reads_is_unreachable_at_once(site, tmp_path) -> None:
    """A file: printer had no timeout: a device that blocks hung printer status and checkin."""
    path = tmp_path / "lp0"
    os.mkfifo(path)
    started = time.monotonic()
    status = run(site, "--printer", f"file:{path}", "printer", "status")
    assert status.exit_code == 1 and "unreachable" in status.stdout
    assert time.monotonic() - started < 5


def test_a_device_that_takes_nothing_costs_one_timeout(site, full_pipe) -> None:
    kiosk = on_printer(site, f"file:{full_pipe}")
    checked_in(kiosk)
    started = time.monotonic()
    assert print_badges(kiosk, now=DURING).counts == {"pending": 1}, "nothing came out"
    assert time.monotonic() - started < TIMEOUT_S + 3
    assert badge_job(kiosk).last_error == f"unreachable: the printer took nothing for {TIMEOUT_S} s"


def test_a_hung_printer_never_holds_up_an_email(site, full_pipe, mail_server) -> None:
    """The print thread also sent the host's email and ran the purge: one stuck channel
    stopped the others."""
    from kiosk.services.background import OutboxWorker

    profile = site.printer.profile
    slow = BadgePrinter(f"file:{full_pipe}", profile, 6, site.settings.badge_dir)
    kiosk = replace(site, printer=slow)
    check_in(kiosk, invite(kiosk, open_now(), "staff:test").id)
    worker = OutboxWorker(kiosk, interval=3600)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while len(mail_server.inbox.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        subjects = sorted(message["Subject"] for message in mail_server.inbox.messages)
        assert subjects == [
            "Kunjungan Anda ke Menara Sudirman",
            "Tamu Anda, Siti R., sudah tiba",
        ], "the invitation and the host's arrival email went out while the printer hung"
        assert badge_job(kiosk).status == "sending", "the badge is still at the printer"
    finally:
        worker.stop()


class EchoService:
    """Something at the printer's address that only echoes what it is sent."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self._server.getsockname()[1]}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                with contextlib.suppress(OSError):
                    while data := connection.recv(4096):
                        connection.sendall(data)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()


def test_a_service_that_echoes_is_not_taken_for_a_printer(site) -> None:
    echo = EchoService()
    try:
        kiosk = on_printer(site, echo.uri)
        status = kiosk.printer.status()
        assert not status.can_print
        assert str(status).startswith("not a printer: its answer to a status query is not")
        checked_in(kiosk)
        assert print_badges(kiosk, now=DURING).counts == {"pending": 1}, "not marked printed"
        shown = run(site, "--printer", echo.uri, "printer", "status")
        assert shown.exit_code == 1 and "not a printer" in shown.stdout
    finally:
        echo.stop()


def test_outbox_retry_says_when_nothing_could_go_out(site, tmp_path) -> None:
    invite(site, request(), "staff:test")
    no_mail = run(site, "outbox", "retry", env={"KIOSK_SMTP_URL": None})
    assert no_mail.exit_code == 1
    assert "email queued; set mail.smtp_url" in no_mail.stdout
    assert "not everything went out" in no_mail.stderr
    sent = run(site, "outbox", "retry")
    assert sent.exit_code == 0 and "email: 1 sent" in sent.stdout


def test_any_badge_is_drawn_as_it_prints_whatever_the_printer(site, printer, tmp_path) -> None:
    """``kiosk badge preview``: by number or token, on a network printer (which is not
    asked to print anything), into a file only its owner may read; the QR code signs out."""
    made = invite(site, open_now(email=None, name="محمد بن سلمان"), "staff:test")
    visit = check_in(site, made.id).visit
    token = site.badge_tokens.token(visit.id)
    for badge in (str(visit.badge_number), token):
        out = tmp_path / f"preview-{len(badge)}.png"
        result = run(site, "--printer", printer.uri, "badge", "preview", badge, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert result.stdout == f"badge {visit.badge_number} drawn in {out}\n"
        assert out.stat().st_mode & 0o777 == 0o600
        picture = Image.open(out)
        assert picture.width == site.printer.profile.width_dots
        assert zxingcpp.read_barcodes(picture)[0].text == token
    assert printer.jobs == [], "drawn, not printed"
    with site.unit_of_work() as uow:
        details = [row.detail for row in uow.audit.entries(site.site.id) if row.action == "print"]
    assert details.count("preview") == 2
    unknown = run(site, "badge", "preview", "#999", "--out", str(tmp_path / "x.png"))
    assert unknown.exit_code == 2 and unknown.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("uri", "font", "printer_font"),
    [
        ("tcp://127.0.0.1:9100", None, False),
        ("usb://04b8:0e15", None, False),
        ("serial:///dev/ttyUSB0?baudrate=9600", None, True),
        ("serial:///dev/ttyUSB0?baudrate=9600", "bundled", False),
        ("tcp://127.0.0.1:9100", "printer", True),
    ],
)
def test_badges_are_drawn_unless_the_line_is_too_slow_or_the_site_chose(
    make_settings, uri: str, font: str | None, printer_font: bool
) -> None:
    """A drawn badge is tens of kilobytes: a second on a network or USB printer, 40 s on a
    9600-baud serial line, where the default sends the printer's own characters instead."""
    chosen = {"printer.font": font} if font else {}
    printer = settings_printer(make_settings(**{"printer.uri": uri}, **chosen))
    assert printer.typesetter.printer_font is printer_font
