"""A list of blocks as the bytes an ESC/POS printer prints, through python-escpos.

Text goes as the printer's own characters in the code page the layout chose, QR codes with the
printer's QR command where the profile has one; only what it cannot print that way travels as
a raster image. Each job starts with ESC @, so no style is left over from the previous one.
"""

from escpos.constants import CODEPAGE_CHANGE, ESC, QR_ECLEVEL_M
from escpos.printer import Dummy

from kiosk.badge.layout import FONT_B, QR_QUIET_DOTS, Block, QrBlock, QrRowBlock, TextBlock, cell
from kiosk.badge.profile import PrinterProfile
from kiosk.badge.raster import picture_bitmap, qr_image, qr_row_image, text_image


def _feed_dots(printer: Dummy, dots: int) -> None:
    printer._raw(ESC + b"J" + bytes([dots]))  # ESC J n: print and feed n dots


def _text(printer: Dummy, block: TextBlock, profile: PrinterProfile) -> None:
    if block.code_page is None:
        printer.image(text_image(block))
        return
    font, magnification = cell(block.size)
    printer.set(
        font="b" if font == FONT_B else "a",
        bold=block.bold,
        invert=block.inverted,
        custom_size=True,
        width=magnification,
        height=magnification,
    )
    page = bytes([profile.code_pages[block.code_page]])
    printer._raw(CODEPAGE_CHANGE + page + block.text.encode(block.code_page) + b"\n")


def _qr(printer: Dummy, block: QrBlock | QrRowBlock) -> None:
    _feed_dots(printer, QR_QUIET_DOTS)
    if isinstance(block, QrRowBlock):
        printer.image(qr_row_image(block))
    elif block.native:
        printer.qr(block.data, ec=QR_ECLEVEL_M, size=block.module_dots, native=True)
    else:
        printer.image(qr_image(block))
    _feed_dots(printer, QR_QUIET_DOTS)


def encode(blocks: list[Block], profile: PrinterProfile) -> bytes:
    printer = Dummy(profile=profile.name)
    printer.hw("INIT")
    printer.set(align="center")
    for block in blocks:
        if isinstance(block, TextBlock):
            _text(printer, block, profile)
        elif isinstance(block, QrBlock | QrRowBlock):
            _qr(printer, block)
        else:
            printer.image(picture_bitmap(block))
    if profile.can_cut:
        printer.cut()
    else:
        printer.print_and_feed(6)
    return printer.output
