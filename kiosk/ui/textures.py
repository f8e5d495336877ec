"""Pictures drawn with Pillow (a badge, a name in a script Kivy cannot draw) as Kivy textures."""

from kivy.graphics.texture import Texture
from PIL import Image


def texture_of(image: Image.Image) -> Texture:
    """``image`` as an RGBA texture, its top row at the top."""
    picture = image.convert("RGBA")
    texture = Texture.create(size=picture.size, colorfmt="rgba")
    texture.blit_buffer(picture.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
    texture.flip_vertical()
    return texture
