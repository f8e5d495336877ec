"""The README's run command brings up the demo kiosk: it names its folders and shows the
welcome screen (offscreen here), and stops cleanly on SIGTERM."""

import os
import selectors
import signal
import subprocess
import time
from pathlib import Path

from kiosk.ui.launch import READY_LINE

ROOT = Path(__file__).parent.parent
START_TIMEOUT_S = 120


def read_until(process: subprocess.Popen, marker: str, timeout: float) -> str:
    """stderr up to and including ``marker``; fails after ``timeout`` seconds."""
    seen = []
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not selector.select(timeout=1):
            continue
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"no {marker!r} within {timeout} s; stderr was:\n{''.join(seen)}")


def test_demo_command_shows_the_welcome_screen(tmp_path: Path) -> None:
    env = os.environ | {"SDL_VIDEODRIVER": "offscreen", "TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "demo"), "--windowed"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        output = read_until(process, READY_LINE, START_TIMEOUT_S)
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=30)
    assert "Demo kiosk: 3 hosts and 5 guests expected today." in output
    previews = Path(output.split("badge previews:")[1].split()[0])
    assert previews.is_dir() and previews.is_relative_to(tmp_path)
    assert returncode == 0
