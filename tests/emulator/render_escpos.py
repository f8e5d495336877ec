"""Runs under .venv-emupos (Python 3.13+): feeds each print job in a folder to emupos's
simulated printer and writes what came out beside it.

    render_escpos.py FOLDER

For every JOB.bin with its JOB.json (the paper width in dots and the code pages, as
{"name": ..., "width_dots": 576, "code_pages": {"17": "PC866", ...}}), it writes JOB.png and
JOB.txt (the emulator's text dump), or exits non-zero naming a command it did not understand.
"""

import json
import sys
from pathlib import Path

from emupos.config import PrinterProfile
from emupos.events import EventType
from emupos.printer.printer import Printer


def profile_of(described: dict) -> PrinterProfile:
    return PrinterProfile.model_validate(
        {
            "type": "printer",
            "name": described["name"],
            "dpi": 203,
            "width_dots": described["width_dots"],
            "font_a": {"width": 12, "height": 24},
            "font_b": {"width": 9, "height": 17},
            "code_pages": {int(number): name for number, name in described["code_pages"].items()},
            "default_code_page": min(int(number) for number in described["code_pages"]),
            "drawer_sensor_open_level": "high",
        }
    )


def render(job: Path) -> None:
    profile = profile_of(json.loads(job.with_suffix(".json").read_text()))
    printer = Printer(job.stem, profile, sensor_open_level="high", job_idle_timeout_ms=1000)
    printer.open_connection("job", 0.0)
    output = printer.receive("job", job.read_bytes(), 0.0)
    output += printer.close_connection("job", 0.0)
    unknown = [e for e in output.events if e.type == EventType.PRINTER_COMMAND_UNKNOWN]
    if unknown:
        sys.exit(f"{job.name}: the emulator did not understand {unknown}")
    (receipt,) = output.receipts
    job.with_suffix(".png").write_bytes(receipt.png)
    job.with_suffix(".txt").write_text(receipt.text)


if __name__ == "__main__":
    for job in sorted(Path(sys.argv[1]).glob("*.bin")):
        render(job)
