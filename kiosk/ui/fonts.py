"""The kiosk's fonts, and labels that show a name in any script.

Kivy draws a label in one font, without shaping and left to right: an Arabic name would come
out as unjoined letters in the wrong order, a Thai or Devanagari one as boxes. A label or
button whose text needs a font other than Noto Sans is drawn by :mod:`kiosk.lettering`
instead (the same drawing as the badge's), in the label's size, weight, colour and alignment.
"""

from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.graphics.texture import Texture
from kivy.uix.button import Button
from kivy.uix.label import Label
from PIL import Image

from kiosk.lettering import LATIN, draw_paragraph, needs_drawing
from kiosk.resources import asset_path
from kiosk.ui.textures import texture_of


def register_fonts() -> None:
    fonts = asset_path("fonts")
    LabelBase.register(
        DEFAULT_FONT,
        fn_regular=str(fonts / f"{LATIN}-Regular.ttf"),
        fn_bold=str(fonts / f"{LATIN}-Bold.ttf"),
    )


def drawn_texture(mask: Image.Image, colour: tuple[float, ...]) -> Texture:
    """A texture of ``colour`` wherever the greyscale ``mask`` has ink."""
    red, green, blue, alpha = (round(channel * 255) for channel in colour)
    image = Image.new("RGBA", mask.size, (red, green, blue, 0))
    image.putalpha(mask.point(lambda level: level * alpha // 255))
    return texture_of(image)


class EveryScript:
    """For a Label (or Button): text in a script Noto Sans lacks is drawn by lettering."""

    def texture_update(self, *largs) -> None:
        if not needs_drawing(self.text):
            super().texture_update(*largs)
            return
        mask = draw_paragraph(
            self.text,
            round(self.font_size),
            self.bold,
            self.text_size[0],
            self.halign,
            one_line=self.shorten,
        )
        self.texture = drawn_texture(mask, self.disabled_color if self.disabled else self.color)
        self.texture_size = list(self.texture.size)


class ScriptLabel(EveryScript, Label):
    pass


class ScriptButton(EveryScript, Button):
    pass
