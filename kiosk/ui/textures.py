"""Pictures drawn with Pillow (a badge, a name in a script Kivy cannot draw) as Kivy textures."""

from kivy.graphics.texture import Texture
from kivy.uix.label import Label
from PIL import Image

from kiosk.lettering import draw_paragraph


def texture_of(image: Image.Image) -> Texture:
    """``image`` as an RGBA texture, its top row at the top."""
    picture = image.convert("RGBA")
    texture = Texture.create(size=picture.size, colorfmt="rgba")
    texture.blit_buffer(picture.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    return texture


def drawn_texture(mask: Image.Image, colour: tuple[float, ...]) -> Texture:
    """A texture of ``colour`` wherever the greyscale ``mask`` has ink."""
    red, green, blue, alpha = (round(channel * 255) for channel in colour)
    image = Image.new("RGBA", mask.size, (red, green, blue, 0))
    image.putalpha(mask.point(lambda level: level * alpha // 255))
    return texture_of(image)


def lettered(label: Label) -> Texture:
    """The label's text drawn by :mod:`kiosk.lettering`, in its size, weight, colour, width
    and alignment."""
    mask = draw_paragraph(
        label.text,
        round(label.font_size),
        label.bold,
        label.text_size[0],
        label.halign,
        one_line=label.shorten,
    )
    return drawn_texture(mask, label.disabled_color if label.disabled else label.color)
