"""Draws a list of blocks as the printer will print it: the same lines, sizes and positions.

Printer text is drawn in its character cells (the printer's own glyphs are not ours to copy,
so the bundled font stands in for them); drawn text, QR codes and the logo are the very images
the printer receives.
"""

import io

from PIL import Image, ImageDraw

from kiosk.badge.layout import (
    LINE_SPACING,
    MARGIN,
    QR_QUIET_DOTS,
    Block,
    QrBlock,
    QrRowBlock,
    TextBlock,
    cell,
)
from kiosk.badge.raster import picture_bitmap, qr_image, qr_row_image, text_image
from kiosk.lettering import font
from kiosk.writing_systems import LATIN

GLYPH_SCALE = 0.8
"""The bundled font's size inside a printer cell, as a share of the cell's height."""


def _cells(block: TextBlock) -> Image.Image:
    """A line of printer text: one cell per character."""
    shape, magnification = cell(block.size)
    cell_width, cell_height = shape.width * magnification, shape.height * magnification
    ink, paper = (255, 0) if block.inverted else (0, 255)
    image = Image.new("L", (cell_width * len(block.text), cell_height), paper)
    draw = ImageDraw.Draw(image)
    face = font(LATIN, round(cell_height * GLYPH_SCALE), block.bold)
    for index, character in enumerate(block.text):
        centre = (index * cell_width + cell_width / 2, cell_height / 2)
        draw.text(centre, character, font=face, fill=ink, anchor="mm")
    return image


def _as_sent(image: Image.Image) -> Image.Image:
    """An image as the printer gets it: a raster is sent in whole bytes, eight dots each, so
    it is as wide as the next multiple of eight (white on the right), and centred so."""
    width = -(-image.width // 8) * 8
    if width == image.width:
        return image
    padded = Image.new(image.mode, (width, image.height), 255 if image.mode == "L" else 1)
    padded.paste(image, (0, 0))
    return padded


def _pieces(block: Block) -> list[tuple[Image.Image, int]]:
    """What a block prints, each image with how far the paper moves after it."""
    if isinstance(block, TextBlock) and block.code_page:
        line = _cells(block)
        return [(line, max(line.height, LINE_SPACING))]
    if isinstance(block, TextBlock):
        drawn = _as_sent(text_image(block))
        return [(drawn, drawn.height)]
    if isinstance(block, QrBlock | QrRowBlock):
        quiet = Image.new("L", (1, QR_QUIET_DOTS), 255)
        code = qr_row_image(block) if isinstance(block, QrRowBlock) else qr_image(block)
        code = code if isinstance(block, QrBlock) and block.native else _as_sent(code)
        return [(quiet, quiet.height), (code, code.height), (quiet, quiet.height)]
    picture = _as_sent(picture_bitmap(block))
    return [(picture, picture.height)]


def render_png(blocks: list[Block], width_dots: int) -> bytes:
    """The paper as printed, with a margin all round; the paper fed after the last line (which
    the printer spends before cutting) is left off."""
    pieces = [piece for block in blocks for piece in _pieces(block)]
    last_image, last_advance = pieces[-1]
    height = sum(advance for _, advance in pieces) - last_advance + last_image.height
    image = Image.new("L", (width_dots, height + 2 * MARGIN), 255)
    y = MARGIN
    for piece, advance in pieces:
        image.paste(piece.convert("L"), ((width_dots - piece.width) // 2, y))
        y += advance
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
