"""The badge as a list of printable blocks, laid out for a paper width in printer dots.

Pure: text widths come from a ``measure(text, size, bold)`` function, so the same layout feeds
the preview image and the printer, and is tested without either.
"""

from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str, int, bool], float]
NAME_SIZES = (72, 64, 56, 48, 40, 34, 28, 24)
NAME_LINES = 2
MARGIN = 8


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


@dataclass(frozen=True)
class TextBlock:
    text: str
    size: int
    bold: bool = False
    inverted: bool = False


@dataclass(frozen=True)
class QrBlock:
    data: str
    size: int
    """Width and height in dots."""


Block = TextBlock | QrBlock


def _wrap(text: str, size: int, bold: bool, width: int, measure: Measure) -> list[str]:
    """Greedy word wrap; a word longer than the width is cut to fit."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if measure(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while measure(word, size, bold) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and measure(word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def name_lines(name: str, width: int, measure: Measure) -> tuple[int, list[str]]:
    """The largest size at which the name fits in two lines (the smallest size otherwise)."""
    for size in NAME_SIZES:
        lines = _wrap(name, size, True, width, measure)
        if len(lines) <= NAME_LINES:
            return size, lines
    size = NAME_SIZES[-1]
    return size, _wrap(name, size, True, width, measure)


def layout_badge(content: BadgeContent, width_dots: int, measure: Measure) -> list[Block]:
    width = width_dots - 2 * MARGIN
    size, lines = name_lines(content.name, width, measure)
    blocks: list[Block] = [TextBlock(content.band, 40, bold=True, inverted=True)]
    blocks += [TextBlock(line, size, bold=True) for line in lines]
    if content.company:
        blocks += [
            TextBlock(line, 26) for line in _wrap(content.company, 26, False, width, measure)
        ]
    for text in (content.host, content.valid, f"#{content.badge_number}"):
        blocks += [TextBlock(line, 24) for line in _wrap(text, 24, False, width, measure)]
    blocks.append(QrBlock(content.qr_data, min(width, 240)))
    blocks += [
        TextBlock(line, 22, bold=True)
        for line in _wrap(content.site_name, 22, True, width, measure)
    ]
    blocks += [
        TextBlock(line, 18) for line in _wrap(content.privacy_line, 18, False, width, measure)
    ]
    return blocks
