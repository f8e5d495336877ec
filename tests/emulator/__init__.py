"""Prints jobs on emupos, an independent ESC/POS emulator, and reads back what came out.

emupos needs Python 3.13 or newer, so it lives in .venv-emupos (made by scripts/bootstrap) and
runs as a separate process: ``render_escpos.py`` beside this file.
"""

import io
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from kiosk.badge.profile import PrinterProfile

HERE = Path(__file__).parent
EMULATOR_PYTHON = HERE.parents[1] / ".venv-emupos" / "bin" / "python"


@dataclass(frozen=True)
class Printed:
    image: Image.Image
    text: str
    """The emulator's text dump: printed text as text, images as ``[image WxH]``."""


def _emupos_name(code_page: str) -> str:
    """emupos spells CP866 as PC866, and the Windows pages as WPC1252."""
    name = code_page.replace("CP", "PC")
    return f"W{name}" if code_page.startswith("CP125") else name


def require_emulator() -> None:
    if EMULATOR_PYTHON.exists():
        return
    message = f"{EMULATOR_PYTHON} is missing: run scripts/test, which makes it with Python 3.13"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def emulate(jobs: dict[str, tuple[bytes, PrinterProfile]], folder: Path) -> dict[str, Printed]:
    """Prints every job (name -> bytes and the profile they were made for) in one run."""
    require_emulator()
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, profile) in jobs.items():
        (folder / f"{name}.bin").write_bytes(data)
        pages = {str(number): _emupos_name(page) for page, number in profile.code_pages.items()}
        described = {"name": profile.name, "width_dots": profile.width_dots, "code_pages": pages}
        (folder / f"{name}.json").write_text(json.dumps(described))
    subprocess.run(
        [str(EMULATOR_PYTHON), str(HERE / "render_escpos.py"), str(folder)],
        check=True,
        timeout=300,
    )
    return {
        name: Printed(
            Image.open(io.BytesIO((folder / f"{name}.png").read_bytes())),
            (folder / f"{name}.txt").read_text(),
        )
        for name in jobs
    }
