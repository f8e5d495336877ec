"""Names in every script a Jakarta lobby sees are drawn in a font that has their letters,
shaped and in reading order: held against Chromium's drawing of the same text, an independent
shaper and bidirectional algorithm."""

import pytest
from PIL import Image, ImageDraw, ImageFont

from kiosk.lettering import covers, draw_line, draw_paragraph, font, runs
from tests.shaping import LIKE, browser_drawn, likeness

NAMES = {
    "latin": "Siti Rahayu",
    "arabic": "محمد بن سلمان",
    "hebrew": "שרה כהן",
    "thai": "ณัฐพล ศรีสุข",
    "devanagari": "अनिल कुमार",
    "tamil": "செல்வி முருகன்",
    "georgian": "ნინო ბერიძე",
    "bengali": "সৌমিত্র চট্টোপাধ্যায়",
    "khmer": "សុខ ចាន់ធី",
    "myanmar": "အောင်ဆန်းစုကြည်",
    "chinese": "王芳",
    "arabic-after-latin": "Ahmad محمد",
    "latin-in-arabic": "محمد Ahmad",
}
NEEDS_SHAPING = ("arabic", "hebrew", "tamil", "bengali", "arabic-after-latin", "latin-in-arabic")
"""Names that come out wrong when drawn letter by letter, left to right."""
SIZE = 64


def unshaped(text: str) -> Image.Image:
    """What a renderer without shaping or bidi draws: each font's letters, left to right."""
    image = Image.new("L", (SIZE * len(text), 2 * SIZE), 0)
    draw, left = ImageDraw.Draw(image), 0.0
    for run in sorted(runs(text), key=lambda run: text.index(run.text.strip() or run.text)):
        path = font(run.family, SIZE, True).path
        basic = ImageFont.truetype(path, SIZE, layout_engine=ImageFont.Layout.BASIC)
        draw.text((left, SIZE), run.text, font=basic, fill=255, anchor="ls")
        left += basic.getlength(run.text)
    return image


@pytest.mark.parametrize("script", NAMES)
def test_a_name_is_drawn_as_an_independent_shaper_draws_it(browser, script) -> None:
    name = NAMES[script]
    theirs = browser_drawn(browser, name, SIZE, bold=True)
    assert likeness(draw_line(name, SIZE, True), theirs) >= LIKE, f"{script} drawn wrongly"


@pytest.mark.parametrize("script", NEEDS_SHAPING)
def test_the_comparison_tells_an_unshaped_name_from_a_shaped_one(browser, script) -> None:
    """Without this, the test above could pass whatever we drew."""
    theirs = browser_drawn(browser, NAMES[script], SIZE, bold=True)
    assert likeness(unshaped(NAMES[script]), theirs) < LIKE


@pytest.mark.parametrize("script", NAMES)
def test_every_letter_is_in_the_font_it_is_drawn_with(script) -> None:
    """No boxes: each run's font has each of its characters."""
    for run in runs(NAMES[script]):
        missing = [c for c in run.text if not covers(run.family, c)]
        assert not missing, f"{run.family} has no {missing}"


def test_a_line_that_begins_in_arabic_is_placed_right_to_left() -> None:
    assert [run.text for run in runs("محمد Ahmad")] == ["Ahmad", "محمد "]
    assert [run.text for run in runs("Ahmad محمد")] == ["Ahmad ", "محمد"]
    assert [run.text for run in runs("(محمد)")] == ["(", "محمد", ")"], "brackets mirrored"
    assert [run.family for run in runs("שרה 2")] == ["NotoSans", "NotoSansHebrew"], (
        "the Hebrew font has no digits: the 2 is drawn with Noto Sans, on the left"
    )


def test_a_paragraph_wraps_between_words_and_aligns_each_line_by_its_direction() -> None:
    text = "محمد بن سلمان بن عبد العزيز"
    one_line = draw_line(text, 32, False)
    wrapped = draw_paragraph(text, 32, False, one_line.width * 0.6, "auto")
    assert wrapped.height >= 2 * one_line.height, "wrapped onto two lines"
    left, _, right, _ = wrapped.crop((0, 0, wrapped.width, one_line.height)).getbbox()
    assert wrapped.width - right < left, "an Arabic line starts at the right"
    left, _, right, _ = draw_paragraph("Siti\nRahayu", 32, False, 400, "auto").getbbox()
    assert left < 400 - right, "a Latin line starts at the left"
    shortened = draw_paragraph(text, 32, False, one_line.width * 0.5, "left", one_line=True)
    assert shortened.height == one_line.height, "cut to one line"


def heaviest_stroke(mask: Image.Image) -> int:
    """How many one-pixel erosions the ink survives: half its thickest stroke."""
    from PIL import ImageFilter

    passes = 0
    while mask.getbbox() is not None:
        mask = mask.point(lambda v: 255 if v > 127 else 0).filter(ImageFilter.MinFilter(3))
        passes += 1
    return passes


@pytest.mark.parametrize("size", [48, 120])
def test_a_chinese_name_in_bold_is_as_heavy_as_a_latin_one(size: int) -> None:
    """The one CJK face has one weight: 王芳's strokes were half as thick as Siti's."""
    chinese, latin = (heaviest_stroke(draw_line(name, size, True)) for name in ("王芳", "Siti"))
    regular = heaviest_stroke(draw_line("王芳", size, False))
    assert chinese >= 0.8 * latin and chinese > regular, (chinese, latin, regular)
