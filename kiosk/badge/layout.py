"""The badge (and the roll call) as a list of printable blocks, laid out for a printer profile.

This list is the one description both outputs read, so the preview is what prints. A badge is
a label: by default every line is drawn with the bundled fonts (one typeface family for a name
in any script), the QR code beside the badge number. For slow serial printers the setting
``printer.font = "printer"`` sends text as the printer's own characters where one of its code
pages holds them, and the QR code as the printer's own command: far fewer bytes, blockier text.
Pure: the width of drawn text comes from a ``measure(text, size, bold)`` function.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from kiosk.badge.profile import FONT_A, FONT_B, Cell, PrinterProfile
from kiosk.lettering import wrap
from kiosk.settings import BUNDLED_FONT, PRINTER_FONT

Measure = Callable[[str, int, bool], float]
SMALL, NORMAL, LARGE, HUGE = 17, 24, 48, 72
"""Text sizes: the height of a character in dots. SMALL is the printer's font B; the others are
font A at one, two and three times its size."""
SIZES = (120, 96, 72, 60, 48, 40, 32, 24)
"""Sizes a line may shrink through to fit, largest first; the printer's own font has only the
whole multiples of its 24-dot cell."""
BAND_SIZES = (HUGE, 60, LARGE, 40, 32, NORMAL)
NUMBER_SIZES = (HUGE, 60, LARGE, NORMAL)
SMALLER_SIZES = (LARGE, 40, 32, NORMAL)
"""The full name under the given name, and the word beside the badge number."""
MARGIN = 8
QR_TARGET_DOTS = 240
QR_SHARE_BESIDE_NUMBER = 0.55
"""The QR code's width, as a share of the paper's, where the badge number stands beside it."""
QR_QUIET_DOTS = 24
"""White paper fed above and below a QR code, so scanners find its edge."""
LINE_SPACING = 30
"""How far the paper moves after a line of printer text, at least (the default after ESC @)."""
GAP = 16


@dataclass(frozen=True)
class TextBlock:
    text: str
    size: int
    bold: bool = False
    inverted: bool = False
    code_page: str | None = None
    """The printer's code page that prints it as text; None: drawn with the bundled font."""
    width: int = 0
    """Drawn at least this wide, the text centred (an inverted band across the paper)."""


@dataclass(frozen=True)
class QrBlock:
    data: str
    module_dots: int
    modules: int
    native: bool
    """Drawn by the printer itself (GS ( k) rather than sent as an image."""

    @property
    def size(self) -> int:
        return self.module_dots * self.modules


@dataclass(frozen=True)
class LogoBlock:
    path: Path
    width_dots: int


@dataclass(frozen=True)
class PhotoBlock:
    """The guest's photo (JPEG or PNG), where the site asks for one."""

    image: bytes
    width_dots: int


@dataclass(frozen=True)
class QrRowBlock:
    """A QR code with lines of text beside it (the badge number), drawn as one image."""

    qr: QrBlock
    lines: tuple[TextBlock, ...]


Block = TextBlock | QrBlock | LogoBlock | PhotoBlock | QrRowBlock
PHOTO_SHARE = 0.4
"""The photo's width, as a share of the paper's."""


def photo_width(paper_dots: int) -> int:
    """Whole bytes of dots: the printer's raster command draws eight dots per byte."""
    return int(paper_dots * PHOTO_SHARE) // 8 * 8


@dataclass(frozen=True)
class BadgeContent:
    band: str
    """"TAMU" or "VISITOR"."""
    name: str
    company: str | None
    host: str
    valid: str
    badge_number: int
    qr_data: str
    site_name: str
    privacy_line: str
    logo: Path | None = None
    photo: bytes | None = None
    day: str = ""
    """The day it is valid, as a guard reads it from afar: "KAMIS 26 NOV"."""
    given_name: str = ""
    """The name the guest is called by ("Siti"), printed largest; empty: the whole name."""


def cell(size: int) -> tuple[Cell, int]:
    """The printer font and the GS ! magnification that print text of ``size``."""
    if size == SMALL:
        return FONT_B, 1
    return FONT_A, max(size // FONT_A.height, 1)


class Typesetter:
    """Decides how each piece of text prints on one printer and how wide it is."""

    def __init__(self, profile: PrinterProfile, measure: Measure, font: str = BUNDLED_FONT):
        self.profile = profile
        self.width = profile.width_dots - 2 * MARGIN
        self.printer_font = font == PRINTER_FONT
        self._measure = measure

    def width_of(self, text: str, size: int, bold: bool, code_page: str | None) -> float:
        if code_page is None:
            return self._measure(text, size, bold)
        font, magnification = cell(size)
        return len(text) * font.width * magnification

    def code_page_for(self, text: str) -> str | None:
        return self.profile.code_page_for(text) if self.printer_font else None

    def sizes(self, candidates: tuple[int, ...]) -> tuple[int, ...]:
        """The sizes of ``candidates`` this printer can print text in."""
        if not self.printer_font:
            return candidates
        return tuple(size for size in candidates if size % FONT_A.height == 0)

    def fits(self, text: str, size: int, bold: bool) -> bool:
        return self.width_of(text, size, bold, self.code_page_for(text)) <= self.width

    def lines(
        self, text: str, size: int, bold: bool = False, inverted: bool = False
    ) -> list[TextBlock]:
        """``text`` wrapped to the paper at ``size``, one block per line."""
        code_page = self.code_page_for(text)

        def width_of(part: str) -> float:
            return self.width_of(part, size, bold, code_page)

        return [
            TextBlock(line, size, bold, inverted, code_page)
            for line in wrap(text, width_of, self.width)
        ]

    def largest(
        self, text: str, candidates: tuple[int, ...], most_lines: int, bold: bool = True
    ) -> list[TextBlock]:
        """``text`` at the largest size at which it takes at most ``most_lines`` lines and no
        word is broken; at the smallest size otherwise."""
        sizes = self.sizes(candidates)
        for size in sizes:
            lines = self.lines(text, size, bold)
            whole_words = all(self.fits(word, size, bold) for word in text.split())
            if whole_words and len(lines) <= most_lines:
                return lines
        return self.lines(text, sizes[-1], bold)

    def band(self, text: str) -> list[TextBlock]:
        """``text`` white on black across the paper, as large as fits on one line."""
        (line, *_) = self.largest(text, BAND_SIZES, 1)
        if line.code_page is None:
            return [TextBlock(line.text, line.size, True, True, None, width=self.width)]
        font, magnification = cell(line.size)
        across = line.text.center(self.width // (font.width * magnification))
        return [TextBlock(across, line.size, True, True, line.code_page)]

    def qr(self, data: str, target: int = QR_TARGET_DOTS) -> QrBlock:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
        code.add_data(data)
        modules = 4 * code.best_fit() + 17  # the version's size, without drawing the code
        target = min(self.width, target)
        module_dots = max(1, min(target // modules, 16))
        native = self.printer_font and self.profile.native_qr
        return QrBlock(data, module_dots, modules, native=native)

    def qr_and_number(self, data: str, number: str, caption: str) -> list[Block]:
        """The QR code with the badge number and ``caption`` beside it; in the printer's font,
        the printer's own QR code with the two under it."""
        if self.printer_font:
            return [self.qr(data), *self.lines(f"{caption} {number}", LARGE, bold=True)]
        code = self.qr(data, round(self.width * QR_SHARE_BESIDE_NUMBER))
        room = self.width - code.size - GAP
        beside = [
            self._one_line(number, NUMBER_SIZES, room),
            self._one_line(caption, SMALLER_SIZES, room),
        ]
        return [QrRowBlock(code, tuple(beside))]

    def _one_line(self, text: str, candidates: tuple[int, ...], room: int) -> TextBlock:
        size = next((s for s in candidates if self._measure(text, s, True) <= room), candidates[-1])
        return TextBlock(text, size, bold=True)


def name_lines(content: BadgeContent, setter: Typesetter) -> list[TextBlock]:
    """The given name as large as fits on one line, the full name smaller below it; a name
    that is its own given name (one word, a name without initials) on one line as large as
    fits. No word is broken while a smaller size can hold it, and no line ends on "bin"."""
    given = content.given_name.strip()
    if not given or given == content.name.strip():
        return setter.largest(content.name, SIZES, 1)
    return setter.largest(given, SIZES, 1) + setter.largest(
        content.name, SMALLER_SIZES, 3, bold=False
    )


def layout_badge(content: BadgeContent, setter: Typesetter) -> list[Block]:
    blocks: list[Block] = [LogoBlock(content.logo, setter.width)] if content.logo else []
    blocks += setter.lines(content.site_name, NORMAL, bold=True)
    blocks += setter.band(content.day or content.band)
    if content.photo:
        blocks.append(PhotoBlock(content.photo, photo_width(setter.width)))
    blocks += name_lines(content, setter)
    if content.company:
        blocks += setter.lines(content.company, NORMAL)
    for text in (content.host, content.valid):
        blocks += setter.lines(text, NORMAL)
    blocks += setter.qr_and_number(content.qr_data, f"#{content.badge_number}", content.band)
    blocks += setter.lines(content.privacy_line, SMALL)
    return blocks
