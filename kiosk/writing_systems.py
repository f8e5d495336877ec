"""Which bundled font draws which character, and which way a line of text reads: known without
loading a font, so that a label of plain Latin text never waits for the drawing of
:mod:`kiosk.lettering`."""

import bisect
import unicodedata

LATIN = "NotoSans"
WIDE = "DroidSansFallback"
SCRIPT_FONTS: tuple[tuple[int, int, str], ...] = (
    (0x0530, 0x058F, "NotoSansArmenian"),
    (0x0590, 0x05FF, "NotoSansHebrew"),
    (0x0600, 0x06FF, "NotoSansArabic"),
    (0x0750, 0x077F, "NotoSansArabic"),
    (0x08A0, 0x08FF, "NotoSansArabic"),
    (0x0900, 0x097F, "NotoSansDevanagari"),
    (0x0980, 0x09FF, "NotoSansBengali"),
    (0x0A00, 0x0A7F, "NotoSansGurmukhi"),
    (0x0A80, 0x0AFF, "NotoSansGujarati"),
    (0x0B80, 0x0BFF, "NotoSansTamil"),
    (0x0C00, 0x0C7F, "NotoSansTelugu"),
    (0x0C80, 0x0CFF, "NotoSansKannada"),
    (0x0D00, 0x0D7F, "NotoSansMalayalam"),
    (0x0D80, 0x0DFF, "NotoSansSinhala"),
    (0x0E00, 0x0E7F, "NotoSansThai"),
    (0x0E80, 0x0EFF, "NotoSansLao"),
    (0x1000, 0x109F, "NotoSansMyanmar"),
    (0x10A0, 0x10FF, "NotoSansGeorgian"),
    (0x1780, 0x17FF, "NotoSansKhmer"),
    (0x1C90, 0x1CBF, "NotoSansGeorgian"),
    (0x2D00, 0x2D2F, "NotoSansGeorgian"),
    (0xA8E0, 0xA8FF, "NotoSansDevanagari"),
    (0xFB1D, 0xFB4F, "NotoSansHebrew"),
    (0xFB50, 0xFDFF, "NotoSansArabic"),
    (0xFE70, 0xFEFF, "NotoSansArabic"),
)
"""Unicode blocks drawn with a font of their own, sorted by their first code point."""
_STARTS = [start for start, _, _ in SCRIPT_FONTS]
RIGHT_TO_LEFT = frozenset({"NotoSansArabic", "NotoSansHebrew"})


def family_of(character: str) -> str | None:
    """The font family that draws ``character``; None for a character that takes the family of
    the run it stands in (a space, a digit, punctuation, a joiner)."""
    point = ord(character)
    index = bisect.bisect_right(_STARTS, point) - 1
    if index >= 0 and point <= SCRIPT_FONTS[index][1]:
        return SCRIPT_FONTS[index][2]
    if unicodedata.east_asian_width(character) in "WF":
        return WIDE
    if unicodedata.category(character).startswith("L"):
        return LATIN
    return None


def needs_drawing(text: str) -> bool:
    """Whether ``text`` needs a font other than Noto Sans (so a plain label cannot draw it)."""
    return any(family_of(character) not in (None, LATIN) for character in text)


def right_to_left(text: str) -> bool:
    """Whether ``text`` reads right to left: its first letter is Arabic or Hebrew."""
    first = next((family for family in map(family_of, text) if family), LATIN)
    return first in RIGHT_TO_LEFT
