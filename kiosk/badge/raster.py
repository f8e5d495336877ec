"""What the printer cannot print as text, drawn as 1-bit images: text outside its code pages
(by :mod:`kiosk.lettering`), QR codes for printers without native QR, and the logo (drawn
once)."""

import io
import re
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageOps
from qrcode.constants import ERROR_CORRECT_M

from kiosk import lettering
from kiosk.badge.layout import GAP, LogoBlock, PhotoBlock, QrBlock, QrRowBlock, TextBlock

REAL_TIME_COMMAND = re.compile(rb"\x10[\x04\x05\x14]")
"""DLE EOT, DLE ENQ, DLE DC4: commands a printer acts on wherever they appear, even inside an
image's data (a status reply out of turn; DLE DC4 can pulse a drawer or power the printer
off)."""


LOGO_INK_BELOW = 160
"""A logo is flat art: printed crisp, each dot ink where the logo is darker than this (a photo
is dithered instead)."""


def printable(image: Image.Image) -> Image.Image:
    """``image`` as 1-bit dots whose raster bytes spell no real-time command: where they would,
    the one dot that makes the DLE byte (0x10) is left white."""
    dots = image.convert("1")
    ink = ImageOps.invert(dots.convert("L")).convert("1").tobytes()
    spots = [found.start() for found in REAL_TIME_COMMAND.finditer(ink)]
    if not spots:
        return dots
    dots = dots.copy()
    row_bytes = -(-dots.width // 8)
    for at in spots:
        dots.putpixel(((at % row_bytes) * 8 + 3, at // row_bytes), 255)
    return dots


def measure(text: str, size: int, bold: bool) -> float:
    """Width of drawn text in dots, for :class:`kiosk.badge.layout.Typesetter`."""
    return lettering.text_width(text, size, bold)


def text_image(block: TextBlock) -> Image.Image:
    """One line of text, black on white (white on black when inverted), as wide as the text
    or the block's width, the text centred."""
    ink = lettering.draw_line(block.text, block.size, block.bold)
    if block.width > ink.width:
        wide = Image.new("L", (block.width, ink.height), 0)
        wide.paste(ink, ((block.width - ink.width) // 2, 0))
        ink = wide
    dots = ink.point(lambda level: 255 if level > 127 else 0)
    return printable(dots if block.inverted else ImageOps.invert(dots))


def qr_row_image(block: QrRowBlock) -> Image.Image:
    """The QR code, and its lines of text beside it, centred on its height."""
    code = qr_image(block.qr)
    lines = [text_image(line) for line in block.lines]
    width = code.width + GAP + max(line.width for line in lines)
    row = Image.new("1", (width, code.height), 1)
    row.paste(code, (0, 0))
    top = (code.height - sum(line.height for line in lines)) // 2
    for line in lines:
        row.paste(line, (code.width + GAP, top))
        top += line.height
    return printable(row)


def qr_image(block: QrBlock) -> Image.Image:
    """The QR code with modules of ``block.module_dots`` dots and no quiet zone (the printer's
    own QR command draws none either)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(block.data)
    code.make(fit=True)
    modules = code.make_image().get_image().convert("1")
    return printable(modules.resize((block.size, block.size), Image.NEAREST))


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
    return printable(grey.resize((width_dots, height)))


@lru_cache(maxsize=4)
def logo_image(path: Path, modified: float, width_dots: int) -> Image.Image:
    """The site's logo as 1-bit dots at most ``width_dots`` wide, its colours cut at one level
    of grey; cached by file and change time, so it is drawn once, not for every badge."""
    with Image.open(path) as source:
        image = source.convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    grey = flat.convert("L")
    if grey.width > width_dots:
        grey = grey.resize((width_dots, round(grey.height * width_dots / grey.width)))
    return printable(grey.point(lambda level: 255 if level > LOGO_INK_BELOW else 0))
