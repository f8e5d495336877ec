"""The badge (and the roll call) as a list of printable blocks, laid out for a printer profile.

This list is the one description both outputs read: the ESC/POS encoder sends each text block
as the printer's own text when one of its code pages holds every character, and as an image
drawn with the bundled font otherwise; the preview draws the same blocks at the same sizes.
Pure: the width of drawn text comes from a ``measure(text, size, bold)`` function.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from kiosk.badge.profile import FONT_A, FONT_B, Cell, PrinterProfile
from kiosk.lettering import wrap

Measure = Callable[[str, int, bool], float]
SMALL, NORMAL, LARGE, HUGE = 17, 24, 48, 72
"""Text sizes: the height of a character in dots. SMALL is the printer's font B; the others are
font A at one, two and three times its size."""
NAME_SIZES = (HUGE, LARGE, NORMAL)
NAME_LINES = 2
MARGIN = 8
QR_TARGET_DOTS = 240
QR_QUIET_DOTS = 24
LINE_SPACING = 30
"""How far the paper moves after a line of printer text, at least (the default after ESC @)."""
"""White paper fed above and below a QR code, so scanners find its edge."""


@dataclass(frozen=True)
class TextBlock:
    text: str
    size: int
    bold: bool = False
    inverted: bool = False
    code_page: str | None = None
    """The printer's code page that prints it as text; None: drawn with the bundled font."""


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


Block = TextBlock | QrBlock | LogoBlock | PhotoBlock
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


def cell(size: int) -> tuple[Cell, int]:
    """The printer font and the GS ! magnification that print text of ``size``."""
    if size == SMALL:
        return FONT_B, 1
    return FONT_A, max(size // FONT_A.height, 1)


class Typesetter:
    """Decides how each piece of text prints on one printer and how wide it is."""

    def __init__(self, profile: PrinterProfile, measure: Measure) -> None:
        self.profile = profile
        self.width = profile.width_dots - 2 * MARGIN
        self._measure = measure

    def width_of(self, text: str, size: int, bold: bool, code_page: str | None) -> float:
        if code_page is None:
            return self._measure(text, size, bold)
        font, magnification = cell(size)
        return len(text) * font.width * magnification

    def lines(
        self, text: str, size: int, bold: bool = False, inverted: bool = False
    ) -> list[TextBlock]:
        """``text`` wrapped to the paper at ``size``, one block per line."""
        code_page = self.profile.code_page_for(text)

        def width_of(part: str) -> float:
            return self.width_of(part, size, bold, code_page)

        return [
            TextBlock(line, size, bold, inverted, code_page)
            for line in wrap(text, width_of, self.width)
        ]

    def qr(self, data: str) -> QrBlock:
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
        code.add_data(data)
        modules = 4 * code.best_fit() + 17  # the version's size, without drawing the code
        target = min(self.width, QR_TARGET_DOTS)
        module_dots = max(1, min(target // modules, 16))
        return QrBlock(data, module_dots, modules, native=self.profile.native_qr)


def name_lines(name: str, setter: Typesetter) -> list[TextBlock]:
    """The name at the largest size at which it fits in two lines (the smallest otherwise)."""
    for size in NAME_SIZES:
        lines = setter.lines(name, size, bold=True)
        if len(lines) <= NAME_LINES:
            return lines
    return lines


def layout_badge(content: BadgeContent, setter: Typesetter) -> list[Block]:
    blocks: list[Block] = [LogoBlock(content.logo, setter.width)] if content.logo else []
    blocks += setter.lines(content.band, LARGE, bold=True, inverted=True)
    if content.photo:
        blocks.append(PhotoBlock(content.photo, photo_width(setter.width)))
    blocks += name_lines(content.name, setter)
    if content.company:
        blocks += setter.lines(content.company, NORMAL)
    for text in (content.host, content.valid):
        blocks += setter.lines(text, NORMAL)
    blocks += setter.lines(f"#{content.badge_number}", LARGE, bold=True)
    blocks.append(setter.qr(content.qr_data))
    blocks += setter.lines(content.site_name, NORMAL, bold=True)
    blocks += setter.lines(content.privacy_line, SMALL)
    return blocks
