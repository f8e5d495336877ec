"""QR codes in camera frames: an invitation or a badge held up to the kiosk's camera."""

import zxingcpp
from PIL import Image


def read_code(frame: Image.Image) -> str | None:
    """The text of a QR code in ``frame``, or None when it holds no readable one."""
    for found in zxingcpp.read_barcodes(frame.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode):
        if found.valid and found.text:
            return found.text
    return None
