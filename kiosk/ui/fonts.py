"""The kiosk's fonts. Kivy draws a label in one font, and Noto Sans has no Chinese, Japanese or
Korean: a label that may show a name is given markup that switches to the bundled wide font
for those runs only."""

import itertools

from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.utils import escape_markup

from kiosk.resources import WIDE_TEXT_FONT, asset_path, needs_wide_font

WIDE_FONT = "KioskWide"


def register_fonts() -> None:
    fonts = asset_path("fonts")
    LabelBase.register(
        DEFAULT_FONT,
        fn_regular=str(fonts / "NotoSans-Regular.ttf"),
        fn_bold=str(fonts / "NotoSans-Bold.ttf"),
    )
    LabelBase.register(WIDE_FONT, fn_regular=str(fonts / WIDE_TEXT_FONT))


def with_fallback(text: str) -> str:
    """``text`` as markup for a label with ``markup: True``: escaped, its wide runs in the wide
    font."""
    runs = []
    for wide, characters in itertools.groupby(text, key=needs_wide_font):
        run = escape_markup("".join(characters))
        runs.append(f"[font={WIDE_FONT}]{run}[/font]" if wide else run)
    return "".join(runs)
