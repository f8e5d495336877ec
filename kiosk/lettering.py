"""Text in any script, drawn with the bundled fonts: shaped, and right to left where it reads so.

No one font covers the names a Jakarta lobby sees, so a line is cut into runs, each in the font
of its script (Noto Sans for Latin, Greek and Cyrillic, a Noto Sans of its own for Arabic,
Hebrew, Thai, Devanagari, Tamil, Georgian and the other scripts of South and Southeast Asia,
Droid Sans Fallback for Chinese, Japanese and Korean). Spaces, digits and punctuation stay in
the run they stand in, so a name in one script is one run. Pillow's Raqm layout shapes each run
(joined Arabic, Indic conjuncts) and orders it; the runs themselves are placed right to left
when the line begins in a right-to-left script. The badge and the kiosk's screens both draw
names here, so a name looks the same on the paper and on the glass.
"""

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from kiosk.resources import asset_path
from kiosk.writing_systems import LATIN, RIGHT_TO_LEFT, WIDE, family_of, right_to_left

LINEAGE = frozenset({"bin", "binti", "binte", "bte", "bt", "ibn", "bint", "بن", "بنت", "ابن"})
"""Words after which a name goes on with the father's name ("bin", Arabic "بن"): a line never
ends on one."""
MISSING = "\U0010fffd"
"""A private-use character no font draws: what a font draws for it is its "missing" box."""
COVER_TEST_SIZE = 16
ELLIPSIS = "\u2026"
MIRROR = str.maketrans("()[]{}<>", ")(][}{><")
ASCENT_SHARE, DESCENT_SHARE = 1.07, 0.3
"""How far a line reaches above and below its baseline, as a share of its size: Noto Sans's
own, so that lines of Latin text are all alike; a script whose ink reaches further gets the
room it needs."""


@dataclass(frozen=True)
class Run:
    text: str
    family: str

    @property
    def right_to_left(self) -> bool:
        return self.family in RIGHT_TO_LEFT


def runs(text: str) -> list[Run]:
    """``text`` cut into runs of one font family, in the order they are placed from the left:
    right to left when its first letter is Arabic or Hebrew. A space, digit or mark goes with
    the run before it, else the one after, where that font has it (the Hebrew font has no
    digits), and is drawn with Noto Sans otherwise."""
    own = [family_of(character) for character in text]
    before = [*itertools.accumulate(own, lambda last, this: this or last)]
    after = [*itertools.accumulate(reversed(own), lambda last, this: this or last)][::-1]
    families = [
        family
        or next((near for near in (earlier, later) if near and covers(near, character)), LATIN)
        for character, family, earlier, later in zip(text, own, before, after, strict=True)
    ]
    placed = [
        Run("".join(character for character, _ in group), family)
        for family, group in itertools.groupby(zip(text, families, strict=True), lambda c: c[1])
    ]
    if not right_to_left(text):
        return placed
    return [run if any(c.isalnum() for c in run.text) else mirrored(run) for run in placed[::-1]]


def mirrored(run: Run) -> Run:
    """A run of brackets and punctuation in a right-to-left line: its brackets face the other
    way, as the bidirectional algorithm mirrors them."""
    return Run(run.text.translate(MIRROR), run.family)


@cache
def covers(family: str, character: str) -> bool:
    """Whether the font has a glyph for ``character`` (it does not draw its "missing" box)."""
    return _drawn(family, character) != _drawn(family, MISSING)


def _drawn(family: str, character: str) -> bytes:
    face = font(family, COVER_TEST_SIZE, False)
    image = Image.new("L", (2 * COVER_TEST_SIZE, 2 * COVER_TEST_SIZE), 0)
    ImageDraw.Draw(image).text((0, 0), character, font=face, fill=255)
    return image.tobytes()


def font_file(family: str, bold: bool) -> str:
    """The bundled file of ``family`` (under assets/fonts); the wide family has one weight."""
    if family == WIDE:
        return "DroidSansFallback-CJK.ttf"
    return f"{family}-{'Bold' if bold else 'Regular'}.ttf"


@cache
def font(family: str, size: int, bold: bool) -> ImageFont.FreeTypeFont:
    path = str(asset_path("fonts", font_file(family, bold)))
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)


WIDE_BOLD_STROKE = 0.045
"""The wide family has one weight: bold is drawn with an outline of this share of the size on
each side, so a Chinese name is as heavy as a Latin one in Noto Sans Bold (strokes of 8 to 9
dots at 120 were beside the Latin's 18 to 21)."""


def _stroke(family: str, size: int, bold: bool) -> int:
    return round(size * WIDE_BOLD_STROKE) if bold and family == WIDE else 0


def _advance(run: Run, size: int, bold: bool) -> float:
    stroke = _stroke(run.family, size, bold)
    return font(run.family, size, bold).getlength(run.text) + 2 * stroke


def text_width(text: str, size: int, bold: bool) -> float:
    """How wide ``text`` is drawn at ``size`` pixels, in pixels."""
    return sum(_advance(run, size, bold) for run in runs(text))


@dataclass(frozen=True)
class Extent:
    """Where the ink of a line reaches, in pixels from its start on the baseline."""

    left: int
    right: int
    above: int
    below: int


def _extent(placed: list[Run], size: int, bold: bool) -> Extent:
    """The ink's reach: at least the line's advance and a line of Noto Sans, more where a
    letter hangs out (the tail of a J left of its start, an Arabic mark above)."""
    left, right, x = 0.0, 0.0, 0.0
    above, below = round(size * ASCENT_SHARE), round(size * DESCENT_SHARE)
    for run in placed:
        stroke = _stroke(run.family, size, bold)
        box = font(run.family, size, bold).getbbox(run.text, anchor="ls", stroke_width=stroke)
        ink_left, top, ink_right, bottom = box
        left, right = min(left, x + ink_left + stroke), max(right, x + ink_right + stroke)
        above, below = max(above, -top), max(below, bottom)
        x += _advance(run, size, bold)
    return Extent(math.floor(left), math.ceil(max(right, x)), above, below)


def draw_line(text: str, size: int, bold: bool) -> Image.Image:
    """``text`` as a greyscale mask (255 where there is ink), as wide and as high as its ink
    reaches (never less than its advance and a line of Noto Sans), the text ``size`` pixels
    tall."""
    placed = runs(text)
    reach = _extent(placed, size, bold)
    image = Image.new("L", (reach.right - reach.left + 1, reach.above + reach.below), 0)
    draw, x = ImageDraw.Draw(image), float(-reach.left)
    for run in placed:
        face, stroke = font(run.family, size, bold), _stroke(run.family, size, bold)
        at = (x + stroke, reach.above)
        draw.text(at, run.text, font=face, fill=255, anchor="ls", stroke_width=stroke)
        x += _advance(run, size, bold)
    return image


def _bound_words(text: str) -> list[str]:
    """The words of ``text``, each lineage word joined to the one after it."""
    words: list[str] = []
    for word in text.split():
        if words and words[-1].split()[-1].strip(".,").casefold() in LINEAGE:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words


def wrap(text: str, width_of: Callable[[str], float], width: float) -> list[str]:
    """Greedy word wrap, never after a lineage word; a word longer than the line is cut."""
    lines: list[str] = []
    current = ""
    for word in _bound_words(text):
        candidate = f"{current} {word}".strip()
        if width_of(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while width_of(word) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and width_of(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def shortened(text: str, size: int, bold: bool, limit: float) -> str:
    """``text`` cut to one line ``limit`` pixels wide, ending in "…" where it was cut."""
    if text_width(text, size, bold) <= limit:
        return text
    cut = len(text)
    while cut > 1 and text_width(text[:cut] + ELLIPSIS, size, bold) > limit:
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


def _lines(text: str, size: int, bold: bool, limit: float | None) -> list[str]:
    """The lines ``text`` is drawn in: its own, each wrapped to ``limit`` pixels if given."""
    if limit is None:
        return text.splitlines() or [""]

    def width_of(part: str) -> float:
        return text_width(part, size, bold)

    return [
        line for paragraph in text.splitlines() for line in wrap(paragraph, width_of, limit) or [""]
    ] or [""]


def draw_paragraph(
    text: str, size: int, bold: bool, limit: float | None, align: str, one_line: bool = False
) -> Image.Image:
    """``text`` as a greyscale mask: its lines (and, within ``limit`` pixels, its words) one
    under the other, each placed "left", "center" or "right" ("auto": by its direction), the
    mask ``limit`` wide where given. ``one_line`` cuts it to a single shortened line."""
    if one_line and limit:
        lines = [shortened(" ".join(text.split()), size, bold, limit)]
    else:
        lines = _lines(text, size, bold, limit)
    drawn = [draw_line(line, size, bold) for line in lines]
    width = round(limit) if limit else max(line.width for line in drawn)
    image = Image.new("L", (width, sum(line.height for line in drawn)), 0)
    top = 0
    for line, mask in zip(lines, drawn, strict=True):
        side = align
        if side == "auto":
            side = "right" if right_to_left(line) else "left"
        left = {"left": 0, "right": width - mask.width}.get(side, (width - mask.width) // 2)
        image.paste(mask, (left, top))
        top += mask.height
    return image
