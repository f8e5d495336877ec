"""What the configured printer can do, read from its python-escpos profile: the paper width in
dots, its character cells, its code pages and whether it draws QR codes itself."""

import codecs
import difflib
from dataclasses import dataclass
from functools import cache

from escpos.capabilities import CAPABILITIES, get_profile

from kiosk.errors import KioskError

# Code pages tried for a line of text, in this order: the first that holds every character wins.
PREFERRED_CODE_PAGES = ("CP437", "CP858", "CP850", "CP1252", "CP852", "CP866")


@dataclass(frozen=True)
class Cell:
    """A character of the printer's font, in dots, before GS ! enlarges it."""

    width: int
    height: int


FONT_A, FONT_B = Cell(12, 24), Cell(9, 17)


@dataclass(frozen=True)
class PrinterProfile:
    name: str
    width_dots: int
    native_qr: bool
    can_cut: bool
    code_pages: dict[str, int]
    """Code page name (as Python's codecs know it) -> the number ESC t selects it by."""

    def code_page_for(self, text: str) -> str | None:
        """The first preferred code page that can print ``text``; None if it must be drawn."""
        for name in PREFERRED_CODE_PAGES:
            if name not in self.code_pages:
                continue
            try:
                text.encode(name)
            except UnicodeEncodeError:
                continue
            return name
        return None


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


@cache
def printer_profile(name: str) -> PrinterProfile:
    """The profile named in ``printer.profile``; refused when it does not know its paper width."""
    known = sorted(CAPABILITIES["profiles"])
    if name not in known:
        close = difflib.get_close_matches(name, known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KioskError(
            f"printer profile {name!r} is not one python-escpos knows{hint}",
            reason="printer_profile",
        )
    profile = get_profile(name)
    pixels = profile.profile_data.get("media", {}).get("width", {}).get("pixels")
    if not isinstance(pixels, int):
        raise KioskError(
            f"printer profile {name!r} does not say how wide its paper is; choose the profile of "
            "the printer model (for example TM-T20II for 80 mm, Sunmi-V2 for 58 mm)",
            reason="printer_profile",
        )
    features = profile.profile_data["features"]
    pages = {
        page: int(number)
        for page, number in profile.get_code_pages().items()
        if page in PREFERRED_CODE_PAGES and _known_codec(page)
    }
    return PrinterProfile(
        name=name,
        width_dots=pixels,
        native_qr=bool(features.get("qrCode")),
        can_cut=bool(features.get("paperFullCut") or features.get("paperPartCut")),
        code_pages=pages,
    )
