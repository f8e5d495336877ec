"""What the printer cannot print as text, drawn as 1-bit images: text outside its code pages
(by :mod:`kiosk.lettering`), QR codes for printers without native QR, and the logo (drawn
once)."""

import io
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageOps
from qrcode.constants import ERROR_CORRECT_M

from kiosk import lettering
from kiosk.badge.layout import LogoBlock, PhotoBlock, QrBlock, TextBlock


def measure(text: str, size: int, bold: bool) -> float:
    """Width of drawn text in dots, for :class:`kiosk.badge.layout.Typesetter`."""
    return lettering.text_width(text, size, bold)


def text_image(block: TextBlock) -> Image.Image:
    """One line of text, black on white (white on black when inverted), as wide as the text."""
    ink = lettering.draw_line(block.text, block.size, block.bold)
    dots = ink.point(lambda level: 255 if level > 127 else 0)
    return (dots if block.inverted else ImageOps.invert(dots)).convert("1")


def qr_image(block: QrBlock) -> Image.Image:
    """The QR code with modules of ``block.module_dots`` dots and no quiet zone (the printer's
    own QR command draws none either)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(block.data)
    code.make(fit=True)
    modules = code.make_image().get_image().convert("1")
    return modules.resize((block.size, block.size), Image.NEAREST)


def picture_bitmap(block: LogoBlock | PhotoBlock) -> Image.Image:
    """The logo or the guest's photo, as the printer's dots."""
    if isinstance(block, PhotoBlock):
        return photo_image(block.image, block.width_dots)
    path = Path(block.path)
    return logo_image(path, path.stat().st_mtime, block.width_dots)


@lru_cache(maxsize=4)
def photo_image(image: bytes, width_dots: int) -> Image.Image:
    """A photo dithered to 1-bit dots ``width_dots`` wide (cached: the preview and the printer
    draw the same badge)."""
    with Image.open(io.BytesIO(image)) as source:
        grey = ImageOps.autocontrast(ImageOps.exif_transpose(source).convert("L"))
    height = round(grey.height * width_dots / grey.width)
    return grey.resize((width_dots, height)).convert("1")


@lru_cache(maxsize=4)
def logo_image(path: Path, modified: float, width_dots: int) -> Image.Image:
    """The site's logo as 1-bit dots at most ``width_dots`` wide; cached by file and change
    time, so it is drawn once, not for every badge."""
    with Image.open(path) as source:
        image = source.convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    grey = flat.convert("L")
    if grey.width > width_dots:
        grey = grey.resize((width_dots, round(grey.height * width_dots / grey.width)))
    return grey.convert("1")
