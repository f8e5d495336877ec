"""The kiosk's fonts, and labels that show a name in any script.

Kivy draws a label in one font, without shaping and left to right: an Arabic name would come
out as unjoined letters in the wrong order, a Thai or Devanagari one as boxes. A label or
button whose text needs a font other than Noto Sans is drawn by :mod:`kiosk.lettering`
instead (the same drawing as the badge's), in the label's size, weight, colour and alignment.
"""

from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.uix.button import Button
from kivy.uix.label import Label

from kiosk.resources import asset_path
from kiosk.writing_systems import LATIN, needs_drawing


def register_fonts() -> None:
    fonts = asset_path("fonts")
    LabelBase.register(
        DEFAULT_FONT,
        fn_regular=str(fonts / f"{LATIN}-Regular.ttf"),
        fn_bold=str(fonts / f"{LATIN}-Bold.ttf"),
    )


class EveryScript:
    """For a Label (or Button): text in a script Noto Sans lacks is drawn by lettering."""

    def texture_update(self, *largs) -> None:
        if not needs_drawing(self.text):
            super().texture_update(*largs)
            return
        from kiosk.ui.textures import lettered  # Pillow and the fonts: when a text needs them

        self.texture = lettered(self)
        self.texture_size = list(self.texture.size)


class ScriptLabel(EveryScript, Label):
    pass


class ScriptButton(EveryScript, Button):
    pass
