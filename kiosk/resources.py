"""Where the files shipped with the package live, in a source checkout and once installed."""

import unicodedata
from importlib.resources import files
from pathlib import Path


def asset_path(*parts: str) -> Path:
    """Path of a file under ``assets/`` (installed as the package ``kiosk.assets``)."""
    return Path(str(files("kiosk.assets").joinpath(*parts)))


WIDE_TEXT_FONT = "DroidSansFallback-CJK.ttf"
"""The bundled font for Chinese, Japanese and Korean, which Noto Sans lacks."""


def needs_wide_font(character: str) -> bool:
    return unicodedata.east_asian_width(character) in "WF"
