"""An independent drawing of a name to hold ours against: Chromium (its own HarfBuzz, its own
bidirectional algorithm, Skia) draws the text in the same bundled font, and the two inks are
compared once each is cropped and scaled to the other's box."""

import base64
from functools import cache
from io import BytesIO

from PIL import Image, ImageChops, ImageFilter

from kiosk.lettering import WIDE_BOLD_STROKE, font, runs
from kiosk.writing_systems import WIDE

LIKE = 0.7
"""How much of the two inks must overlap for two drawings to be the same text: a name drawn
unjoined or in the wrong order overlaps the browser's far less (the tests show it)."""
COMPARE_HEIGHT = 64
THICKEN = 5
SHIFT = 3


@cache
def _font_face(path: str) -> str:
    with open(path, "rb") as file:
        data = base64.b64encode(file.read()).decode()
    return f"url(data:font/ttf;base64,{data})"


def browser_drawn(browser, text: str, size: int, bold: bool = False) -> Image.Image:
    """``text`` as Chromium draws it with the bundled fonts, black on white."""
    families = {run.family for run in runs(text)}
    faces = "".join(
        f"@font-face{{font-family:'{family}';src:{_font_face(font(family, size, bold).path)}}}"
        for family in families
    )
    stack = ",".join(f"'{family}'" for family in sorted(families))
    # the wide family's bold is an outline around its one weight, as the kiosk draws it
    outline = round(size * WIDE_BOLD_STROKE) if bold and families == {WIDE} else 0
    page = browser.new_page()
    try:
        page.set_content(
            f"<html><head><style>{faces}body{{margin:0;background:#fff}}"
            f"span{{font:{'bold' if bold else 'normal'} {size}px {stack};color:#000;"
            f"font-synthesis:none;white-space:pre;padding:{size}px;"
            f"-webkit-text-stroke:{2 * outline}px #000}}</style></head>"
            f'<body><span dir="auto"></span></body></html>'
        )
        page.locator("span").evaluate("(node, text) => { node.textContent = text }", text)
        page.evaluate("document.fonts.ready")
        return Image.open(BytesIO(page.locator("span").screenshot())).convert("L")
    finally:
        page.close()


def _ink(image: Image.Image, ink_is_dark: bool, size: tuple[int, int]) -> Image.Image:
    """The ink, cropped to its box, scaled to ``size`` and thickened a little: strokes a pixel
    apart (hinting, rounding of advances) still overlap; a letter in another place does not."""
    grey = image.convert("L")
    ink = ImageChops.invert(grey) if ink_is_dark else grey
    ink = ink.point(lambda level: 255 if level > 127 else 0)
    ink = ink.crop(ink.getbbox()).resize(size).filter(ImageFilter.MaxFilter(THICKEN))
    return ink.point(lambda level: 255 if level > 127 else 0)


def likeness(ours: Image.Image, theirs: Image.Image, ours_ink_is_dark: bool = False) -> float:
    """How much of the two inks overlap (intersection over union), each cropped to its box and
    scaled to the browser's proportions at a fixed height, at the best of a few small shifts
    (an accent a pixel higher moves a whole box)."""
    box = ImageChops.invert(theirs.convert("L")).getbbox()
    width = round(COMPARE_HEIGHT * (box[2] - box[0]) / max(box[3] - box[1], 1))
    size = (max(width, 1), COMPARE_HEIGHT)
    a, b = _ink(ours, ours_ink_is_dark, size).convert("1"), _ink(theirs, True, size).convert("1")
    return max(
        _overlap(_shifted(a, dx, dy), b)
        for dx in range(-SHIFT, SHIFT + 1)
        for dy in range(-SHIFT, SHIFT + 1)
    )


def _shifted(image: Image.Image, dx: int, dy: int) -> Image.Image:
    moved = Image.new("1", image.size, 0)
    moved.paste(image, (dx, dy))
    return moved


def _overlap(a: Image.Image, b: Image.Image) -> float:
    both, either = ImageChops.logical_and(a, b), ImageChops.logical_or(a, b)
    return _count(both) / max(_count(either), 1)


def _count(image: Image.Image) -> int:
    return image.convert("L").histogram()[255]
