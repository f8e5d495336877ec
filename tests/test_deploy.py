"""What deploy/ gives a building's IT person: systemd units that systemd itself accepts, and a
portal unit whose very command and environment, run as a plain process, serve the portal."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2

from tests.mail_server import free_port

DEPLOY = Path(__file__).parents[1] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
INSTALLED_KIOSK = "/opt/kiosk/.venv/bin/kiosk"
"""Where DEPLOY.md installs the kiosk; the tests run this checkout's instead."""


def local_unit(unit: Path, folder: Path) -> Path:
    """The unit as installed, but running this checkout's kiosk (systemd checks that each
    command exists)."""
    copied = folder / unit.name
    kiosk = str(Path(sys.executable).parent / "kiosk")
    copied.write_text(unit.read_text().replace(INSTALLED_KIOSK, kiosk))
    return copied


def test_systemd_accepts_every_unit_without_a_warning(tmp_path):
    assert [unit.name for unit in UNITS] == ["kiosk-portal.service", "kiosk-touchscreen.service"]
    copies = [str(local_unit(unit, tmp_path)) for unit in UNITS]

    verified = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *copies], capture_output=True, text=True
    )

    assert verified.returncode == 0, verified.stderr
    assert verified.stderr == "", "an unknown key or a bad value is only a warning to systemd"


def test_the_units_come_back_after_a_crash_and_start_at_boot():
    for unit in UNITS:
        text = unit.read_text()
        assert re.search(r"^Restart=(always|on-failure)$", text, re.M), unit.name
        assert re.search(r"^WantedBy=(graphical|multi-user)\.target$", text, re.M), unit.name
        assert "KIOSK_CONFIG=/etc/kiosk/config.toml" in text, "one config for every unit"


def unit_command(unit: Path) -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart and its Environment= lines."""
    text = unit.read_text()
    command = re.search(r"^ExecStart=(.+)$", text, re.M).group(1).split()
    environment = dict(line.split("=", 1) for line in re.findall(r"^Environment=(.+)$", text, re.M))
    return command, environment


def test_the_portal_units_command_serves_the_portal_and_stops_on_systemds_signal(tmp_path):
    command, environment = unit_command(DEPLOY / "systemd" / "kiosk-portal.service")
    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\n')
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "kiosk") if part == INSTALLED_KIOSK else part
        for part in command
    ]
    command[command.index("--port") + 1] = str(port)
    environment["KIOSK_CONFIG"] = str(config)
    clean = {name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")}
    portal = subprocess.Popen(
        command, env=clean | environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        answer = None
        deadline = time.monotonic() + 60
        while answer is None and time.monotonic() < deadline:
            try:
                answer = httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            except httpx2.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.text == "ok"
        portal.send_signal(signal.SIGTERM)  # what systemctl stop sends
        assert portal.wait(timeout=30) == 0
    finally:
        if portal.poll() is None:
            portal.kill()
        output = portal.communicate()[0].decode()
    assert "Traceback" not in output, output


def test_the_touchscreen_runs_the_kiosk_under_cage():
    command, _ = unit_command(DEPLOY / "systemd" / "kiosk-touchscreen.service")
    assert command[0] == shutil.which("cage") and command[-2:] == [INSTALLED_KIOSK, "run"]
