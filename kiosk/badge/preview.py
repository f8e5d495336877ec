"""Draws a badge layout as an image, exactly as wide as the paper, with the bundled font."""

import io
from functools import cache

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from kiosk.badge.layout import MARGIN, Block, QrBlock
from kiosk.resources import asset_path

LINE_GAP = 6


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(str(asset_path("fonts", name)), size)


def measure(text: str, size: int, bold: bool) -> float:
    """Width of ``text`` in dots, for :func:`kiosk.badge.layout.layout_badge`."""
    return _font(size, bold).getlength(text)


def _qr(data: str, size: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    modules = code.make_image().get_image().convert("L")
    scale = max(size // modules.width, 1)
    return modules.resize((modules.width * scale, modules.height * scale), Image.NEAREST)


def render_png(blocks: list[Block], width_dots: int) -> bytes:
    pieces: list[Image.Image] = []
    for block in blocks:
        if isinstance(block, QrBlock):
            pieces.append(_qr(block.data, block.size))
            continue
        font = _font(block.size, block.bold)
        left, _top, right, bottom = font.getbbox(block.text or " ")
        height = bottom + LINE_GAP
        ink, paper = (255, 0) if block.inverted else (0, 255)
        piece = Image.new("L", (width_dots, height), paper)
        draw = ImageDraw.Draw(piece)
        draw.text(((width_dots - (right - left)) / 2 - left, 0), block.text, font=font, fill=ink)
        pieces.append(piece)
    image = Image.new("L", (width_dots, sum(p.height for p in pieces) + 2 * MARGIN), 255)
    y = MARGIN
    for piece in pieces:
        image.paste(piece, ((width_dots - piece.width) // 2, y))
        y += piece.height
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
