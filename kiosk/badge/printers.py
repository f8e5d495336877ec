"""Printers named by a URI, what they report about themselves, and one print job sent safely.

``tcp://host:9100``, ``file:/dev/usb/lp0``, ``usb://04b8:0e15``,
``serial:///dev/ttyUSB0?baudrate=19200`` and ``cups://queue`` open python-escpos printers. Where
the connection answers (network, USB, serial), the status is asked with DLE EOT before a job, so
nothing is sent to a printer that cannot print it, and after, so a job that may not have come
out is reported as uncertain rather than sent a second time.
"""

import contextlib
import os
import select
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from escpos.constants import DLE, EOT
from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError
from escpos.printer import CupsPrinter, File, Network, Serial, Usb

from kiosk.badge.escpos_encode import encode
from kiosk.badge.layout import Block, Typesetter
from kiosk.badge.preview import render_png
from kiosk.badge.profile import PrinterProfile, printer_profile
from kiosk.badge.raster import measure
from kiosk.errors import KioskError
from kiosk.private_files import write_private
from kiosk.settings import AUTO_FONT, BUNDLED_FONT, PRINTER_FONT, Settings

PREVIEW_PRINTER = "dummy:"
# DLE EOT n replies (Epson ESC/POS reference, "DLE EOT").
STATUS_FIXED_MASK, STATUS_FIXED_BITS = 0x93, 0x12
OFFLINE = 0x08  # n = 1
COVER_OPEN, STOPPED_BY_PAPER_END = 0x04, 0x20  # n = 2
PAPER_NEAR_END, PAPER_NOT_PRESENT = 0x0C, 0x60  # n = 4


class PrinterState(StrEnum):
    READY = "online, paper OK"
    PAPER_NEAR_END = "online, paper near its end"
    PAPER_OUT = "paper out"
    COVER_OPEN = "cover open"
    OFFLINE = "offline"
    UNREACHABLE = "unreachable"
    UNKNOWN = "not a printer: its answer to a status query is not an ESC/POS printer's"
    SILENT = "connected (this connection reports no status)"
    PREVIEW = "preview printer: badges are saved as images"


PRINTABLE = frozenset(
    {PrinterState.READY, PrinterState.PAPER_NEAR_END, PrinterState.SILENT, PrinterState.PREVIEW}
)


@dataclass(frozen=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""

    @property
    def can_print(self) -> bool:
        return self.state in PRINTABLE

    def __str__(self) -> str:
        return f"{self.state}: {self.detail}" if self.detail else str(self.state)


class Delivery(StrEnum):
    PRINTED = "printed"
    NOT_SENT = "not sent"
    """Nothing reached the printer: safe to send again."""
    UNCERTAIN = "uncertain"
    """Bytes went out but the printer may not have printed them: staff decide."""


@dataclass(frozen=True)
class JobOutcome:
    delivery: Delivery
    status: PrinterStatus


class PrinterUnavailable(Exception):
    """The printer did not answer, or its connection broke."""


class NothingTaken(PrinterUnavailable):
    """The printer took not one byte of the job in time: nothing can have come out."""


class NotAPrinter(Exception):
    """Something answered at the printer's address, but not as an ESC/POS printer does."""


class TimedFile(File):
    """A printer that is a device file (``/dev/usb/lp0``) or a pipe, opened and written
    without blocking: each write waits at most ``timeout`` seconds for the device to take it,
    and a device nobody reads from is unreachable at once instead of hanging the kiosk."""

    def __init__(self, devfile: str, timeout: float, **kwargs) -> None:
        super().__init__(devfile, **kwargs)
        self._timeout = timeout
        self._descriptor: int | None = None

    def open(self, raise_not_found: bool = True) -> None:
        self.close()
        self._descriptor = os.open(self.devfile, os.O_WRONLY | os.O_NONBLOCK)

    def _raw(self, msg: bytes) -> None:
        pending, taken = memoryview(msg), 0
        while pending:
            _, writable, _ = select.select([], [self._descriptor], [], self._timeout)
            if not writable:
                waited = f"the printer took nothing for {self._timeout:g} s"
                raise NothingTaken(waited) if not taken else TimeoutError(waited)
            try:
                written = os.write(self._descriptor, pending)
            except BlockingIOError:
                continue
            pending, taken = pending[written:], taken + written

    def close(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


def _usable(kind: type[Escpos], extra: str) -> type[Escpos]:
    if not kind.is_usable():
        raise KioskError(
            f"{kind.__name__} printers need an extra package: pip install 'python-escpos[{extra}]'",
            reason="printer_package",
        )
    return kind


def _usb(vendor_product: str) -> tuple[int, int]:
    try:
        vendor, product = (int(part, 16) for part in vendor_product.split(":"))
    except ValueError:
        raise KioskError(
            f"usb://{vendor_product}: give the vendor and product id in hex, like usb://04b8:0e15",
            reason="printer_address",
        ) from None
    return vendor, product


def open_printer(uri: str, profile: PrinterProfile, timeout: float) -> Escpos:
    """A python-escpos printer for ``uri``, not yet connected."""
    parts = urlsplit(uri)
    kind = parts.scheme
    common = {"profile": profile.name}
    if kind == "tcp":
        if not parts.hostname:
            raise KioskError(
                f"{uri}: name the printer's host, like tcp://192.168.1.50:9100",
                reason="printer_address",
            )
        return Network(parts.hostname, parts.port or 9100, timeout=timeout, **common)
    if kind == "file":
        return TimedFile(parts.path, timeout, **common)
    if kind == "usb":
        vendor, product = _usb(parts.netloc)
        return _usable(Usb, "usb")(vendor, product, timeout=int(timeout * 1000), **common)
    if kind == "serial":
        query = parse_qs(parts.query)
        baudrate = int(query.get("baudrate", ["9600"])[0])
        return _usable(Serial, "serial")(parts.path, baudrate, timeout=timeout, **common)
    if kind == "cups":
        return _usable(CupsPrinter, "cups")(parts.netloc or parts.path.lstrip("/"), **common)
    raise KioskError(f"{uri}: not a printer address this kiosk knows", reason="printer_address")


def _ask(printer: Escpos, n: int) -> int:
    """One DLE EOT query; its reply byte, in which an ESC/POS printer always sets bits 1 and 4
    and clears bits 0 and 7 (an echo of the query, or any other service, does not)."""
    printer._raw(DLE + EOT + bytes([n]))
    reply = printer._read()
    if not reply:
        raise PrinterUnavailable("no answer to a status query")
    if reply[-1] & STATUS_FIXED_MASK != STATUS_FIXED_BITS:
        raise NotAPrinter(f"answered {bytes(reply[-4:]).hex()} to a status query")
    return reply[-1]


def query_status(printer: Escpos) -> PrinterStatus:
    """What the printer says of itself; raises PrinterUnavailable when it does not answer."""
    if type(printer)._read is Escpos._read:  # a file or a CUPS queue: nothing to read back
        return PrinterStatus(PrinterState.SILENT)
    try:
        online = _ask(printer, 1)
        cause, paper = _ask(printer, 2), _ask(printer, 4)
    except (OSError, EscposError) as error:
        raise PrinterUnavailable(_why(error)) from None
    except NotAPrinter as stranger:
        return PrinterStatus(PrinterState.UNKNOWN, str(stranger))
    if paper & PAPER_NOT_PRESENT or cause & STOPPED_BY_PAPER_END:
        return PrinterStatus(PrinterState.PAPER_OUT)
    if cause & COVER_OPEN:
        return PrinterStatus(PrinterState.COVER_OPEN)
    if online & OFFLINE:
        return PrinterStatus(PrinterState.OFFLINE)
    if paper & PAPER_NEAR_END:
        return PrinterStatus(PrinterState.PAPER_NEAR_END)
    return PrinterStatus(PrinterState.READY)


def _why(error: Exception) -> str:
    """The cause of a failed connection in a few words (python-escpos wraps the OS error)."""
    cause = error.__context__ if isinstance(error, EscposError) and error.__context__ else error
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, TimeoutError):
        return "no answer in time"
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    return str(cause).strip().splitlines()[-1] if str(cause).strip() else type(cause).__name__


def _connected(open_it: Callable[[], Escpos]) -> Escpos:
    printer = open_it()
    try:
        printer.open()
    except (OSError, EscposError) as error:
        raise PrinterUnavailable(_why(error)) from None
    return printer


def _status_of(open_it: Callable[[], Escpos]) -> PrinterStatus:
    try:
        printer = _connected(open_it)
    except PrinterUnavailable as error:
        return PrinterStatus(PrinterState.UNREACHABLE, str(error))
    try:
        return query_status(printer)
    except PrinterUnavailable as error:
        return PrinterStatus(PrinterState.UNREACHABLE, str(error))
    finally:
        printer.close()


def send_job(open_it: Callable[[], Escpos], data: bytes) -> JobOutcome:
    """Sends one job when the printer can print it, and says whether it came out."""
    try:
        printer = _connected(open_it)
    except PrinterUnavailable as error:
        return JobOutcome(Delivery.NOT_SENT, PrinterStatus(PrinterState.UNREACHABLE, str(error)))
    try:
        try:
            before = query_status(printer)
        except PrinterUnavailable as error:
            unreachable = PrinterStatus(PrinterState.UNREACHABLE, str(error))
            return JobOutcome(Delivery.NOT_SENT, unreachable)
        if not before.can_print:
            return JobOutcome(Delivery.NOT_SENT, before)
        try:
            printer._raw(data)
            after = query_status(printer)
            printer.close()  # a CUPS queue receives the job only now
        except NothingTaken as error:
            return JobOutcome(
                Delivery.NOT_SENT, PrinterStatus(PrinterState.UNREACHABLE, str(error))
            )
        except (OSError, EscposError, PrinterUnavailable) as error:
            why = error if isinstance(error, PrinterUnavailable) else _why(error)
            lost = PrinterStatus(PrinterState.UNREACHABLE, f"the link broke during the job: {why}")
            return JobOutcome(Delivery.UNCERTAIN, lost)
        return JobOutcome(Delivery.PRINTED if after.can_print else Delivery.UNCERTAIN, after)
    finally:
        with contextlib.suppress(OSError, EscposError):
            printer.close()


class BadgePrinter:
    """The printer the settings name: ``dummy:`` saves each job as a PNG in ``preview_dir``."""

    def __init__(
        self,
        uri: str,
        profile: PrinterProfile,
        timeout: float,
        preview_dir: Path,
        font: str = BUNDLED_FONT,
    ):
        self.uri = uri
        self.profile = profile
        self.typesetter = Typesetter(profile, measure, font)
        self._timeout = timeout
        self._preview_dir = preview_dir

    @property
    def is_preview(self) -> bool:
        return self.uri == PREVIEW_PRINTER

    def _open(self) -> Escpos:
        return open_printer(self.uri, self.profile, self._timeout)

    def status(self) -> PrinterStatus:
        if self.is_preview:
            return PrinterStatus(PrinterState.PREVIEW, str(self._preview_dir))
        return _status_of(self._open)

    def print_blocks(self, blocks: list[Block], label: str) -> JobOutcome:
        """Prints one job; ``label`` names the preview image."""
        if not self.is_preview:
            return send_job(self._open, encode(blocks, self.profile))
        path = write_private(
            self._preview_dir / f"{label}.png", render_png(blocks, self.profile.width_dots)
        )
        return JobOutcome(Delivery.PRINTED, PrinterStatus(PrinterState.PREVIEW, str(path)))

    def forget(self, label_prefix: str) -> int:
        """Deletes the preview images whose names start with ``label_prefix``; how many."""
        pictures = list(self._preview_dir.glob(f"{label_prefix}*.png"))
        for picture in pictures:
            picture.unlink(missing_ok=True)
        return len(pictures)


SLOW_LINES = ("serial",)
"""Printers on a line too slow for a badge drawn whole (tens of kilobytes: 40 s at 9600 baud)."""


def badge_font(font: str, uri: str) -> str:
    """``printer.font`` as it prints on the printer at ``uri``: ``auto`` draws every line with
    the bundled fonts (any script, what the screen shows), except on a serial line, where the
    printer's own font sends a badge in a kilobyte or so."""
    if font != AUTO_FONT:
        return font
    return PRINTER_FONT if urlsplit(uri).scheme in SLOW_LINES else BUNDLED_FONT


def settings_printer(settings: Settings) -> BadgePrinter:
    """The printer the settings name, with their profile, time-out and font."""
    return BadgePrinter(
        settings.printer,
        printer_profile(settings.printer_profile),
        settings.printer_timeout,
        settings.badge_dir,
        badge_font(settings.printer_font, settings.printer),
    )
