"""Where the files shipped with the package live, in a source checkout and once installed."""

from importlib.resources import files
from pathlib import Path


def asset_path(*parts: str) -> Path:
    """Path of a file under ``assets/`` (installed as the package ``kiosk.assets``)."""
    return Path(str(files("kiosk.assets").joinpath(*parts)))
