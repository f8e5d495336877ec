"""What deploy/ gives a building's IT person: systemd units that systemd itself accepts, a
portal unit whose very command and environment, run as a plain process, serve the portal, and a
touchscreen unit whose command shows the kiosk under cage."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import jsonschema
import pytest
import yaml

from kiosk.clock import OFFSET_VARIABLE
from kiosk.keys import create_site_key
from kiosk.services.invitations.invite import invite
from tests.builders import request
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
    assert [unit.name for unit in UNITS] == [
        "kiosk-portal.service",
        "kiosk-touchscreen.service",
        "kiosk-worker.service",
    ]
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
    environment["KIOSK_CONFIG"] = str(config)
    assert_serves(command, environment)


def local_command(command: list[str]) -> tuple[list[str], int]:
    """The command with this checkout's kiosk, on a free port of 127.0.0.1."""
    kiosk = str(Path(sys.executable).parent / "kiosk")
    local = [kiosk if part in (INSTALLED_KIOSK, "kiosk") else part for part in command]
    port = free_port()
    if "--port" in local:
        local[local.index("--port") + 1] = str(port)
    if "--host" in local:
        local[local.index("--host") + 1] = "127.0.0.1"  # tests listen on loopback only
    return local, port


def assert_serves(command: list[str], environment: dict[str, str]) -> None:
    """Runs the command until it answers /healthz ``ok``, then stops it as systemd and
    Docker do (SIGTERM): it must exit 0, without a traceback."""
    command, port = local_command(command)
    clean = {name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")}
    portal = subprocess.Popen(
        command, env=clean | environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        answer = None
        deadline = time.monotonic() + 60
        while answer is None and time.monotonic() < deadline:
            try:
                answer = httpx2.get(f"http://127.0.0.1:{port}/healthz", timeout=30)
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


def as_unprivileged_user(command: list[str]) -> list[str]:
    """The command as a user who is not root, as the unit's ``User=kiosk`` runs it (cage
    refuses to start as root): under root, in a user namespace that maps root to uid 1000."""
    if os.geteuid() != 0:
        return command
    return ["unshare", "--user", "--map-user=1000", "--map-group=1000", *command]


@pytest.mark.skipif(not shutil.which("Xwayland"), reason="cage runs the kiosk in Xwayland")
def test_the_touchscreen_units_command_shows_the_welcome_screen_under_cage(tmp_path):
    """The unit's own command and environment on a fresh machine (no database, no key yet),
    cage drawing to a headless output: the kiosk's window opens in cage's Xwayland, tells
    systemd it is ready with its first welcome frame and keeps feeding the watchdog."""
    command, environment = unit_command(DEPLOY / "systemd" / "kiosk-touchscreen.service")
    command, _ = local_command(command)
    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\n')
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(tmp_path / "notify.sock"))
    listener.settimeout(120)
    environment |= {
        "KIOSK_CONFIG": str(config),
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "XDG_RUNTIME_DIR": str(runtime),  # what PAMName=login gives the unit
        "NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
        "WATCHDOG_USEC": "1000000",
        "WLR_BACKENDS": "headless",  # no screen here: cage draws to memory
        "WLR_LIBINPUT_NO_DEVICES": "1",
    }
    touchscreen = subprocess.Popen(
        as_unprivileged_user(command),
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        said = [listener.recv(100)]
        listener.settimeout(5)
        said += [listener.recv(100), listener.recv(100)]
    finally:
        os.killpg(touchscreen.pid, signal.SIGTERM)  # systemctl stop signals the unit's cgroup
        output = touchscreen.communicate(timeout=30)[0].decode()
        listener.close()
    assert said == [b"READY=1", b"WATCHDOG=1", b"WATCHDOG=1"], output
    assert "kiosk: welcome screen shown" in output and "Traceback" not in output, output


COMPOSE_FILE = DEPLOY / "compose" / "compose.yaml"
COMPOSE_SCHEMA = Path(__file__).parents[1] / ".venv" / "compose_spec.json"
"""The Compose specification's schema, as scripts/bootstrap fetched it (docker-compose's)."""
DEFAULTED = re.compile(r"\$\{(\w+):-([^}]*)\}")


def compose_services() -> dict[str, dict]:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def compose_environment(service: dict, replacements: dict[str, str]) -> dict[str, str]:
    """The service's environment as Compose gives it with no .env file (each ``${NAME:-x}``
    its default), with ``replacements`` for what the containers reach by their own names
    (the database at ``db``, the secrets in /run/secrets, the data volume)."""
    environment = {
        name: DEFAULTED.sub(lambda found: found.group(2), str(value))
        for name, value in service["environment"].items()
    }
    return environment | replacements


def test_the_compose_file_follows_the_compose_specification():
    schema = json.loads(COMPOSE_SCHEMA.read_text())

    jsonschema.Draft201909Validator(schema).validate(yaml.safe_load(COMPOSE_FILE.read_text()))

    services = compose_services()
    assert set(services) == {"db", "portal", "worker"}
    for name in ("portal", "worker"):
        assert services[name]["environment"]["KIOSK_KEY_FILE"] == "/run/secrets/site_key"
        assert services[name]["secrets"] == ["site_key", "pgpass"]
        assert all("site.key" not in volume for volume in services[name]["volumes"])


def test_the_secrets_belong_to_the_images_kiosk_user():
    """Docker Compose mounts a secret's file as it is on the host (a secret's uid and mode are
    not applied): the guide's chown names the uid the image runs the kiosk as."""
    image_uid = re.search(
        r"useradd .*--uid (\d+)", (COMPOSE_FILE.parent / "Dockerfile").read_text()
    )
    guide = (DEPLOY.parent / "docs" / "DEPLOY.md").read_text()
    assert f"chown {image_uid.group(1)}:{image_uid.group(1)} site.key pgpass" in guide
    assert "chmod 400 site.key pgpass" in guide


def test_the_compose_services_commands_serve_and_send_as_plain_processes(
    postgres_database, tmp_path
):
    services = compose_services()
    key_file = tmp_path / "secrets" / "site_key"
    create_site_key(key_file)
    replacements = {
        "KIOSK_DATABASE_URL": postgres_database,
        "KIOSK_KEY_FILE": str(key_file),
        "PGPASSFILE": str(tmp_path / "secrets" / "pgpass"),
        "KIOSK_DATA_DIR": str(tmp_path / "data"),  # the image's ENV: the data volume
    }
    portal = services["portal"]
    assert_serves(portal["command"], compose_environment(portal, replacements))

    worker = services["worker"]
    environment = compose_environment(worker, replacements)
    assert_runs_until_stopped(local_command(worker["command"])[0], environment, tmp_path)


def assert_runs_until_stopped(command: list[str], environment: dict, folder: Path) -> None:
    """Starts the command, waits for it to tell systemd it is ready, stops it with SIGTERM:
    it must exit 0 without a traceback."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(folder / "notify.sock"))
    listener.settimeout(60)
    clean = {name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")}
    notified = clean | environment | {"NOTIFY_SOCKET": str(folder / "notify.sock")}
    process = subprocess.Popen(
        command, env=notified, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert listener.recv(100) == b"READY=1"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        listener.close()
        if process.poll() is None:
            process.kill()
        output = process.communicate()[0].decode()
    assert "Traceback" not in output, output


def test_the_worker_unit_sends_what_the_outbox_holds(site, mail_server, tmp_path):
    command, environment = unit_command(DEPLOY / "systemd" / "kiosk-worker.service")
    invite(site, request(name="Siti Rahmawati"), "staff:test")
    config = tmp_path / "worker.toml"
    config.write_text(
        f'[paths]\ndata_dir = "{site.settings.data_dir}"\n'
        f'[site]\nname = "{site.settings.site_name}"\n'
        f'[database]\nurl = "{site.settings.database_url}"\n'
        f'[mail]\nsmtp_url = "{site.settings.smtp_url}"\nfrom = "{site.settings.mail_from}"\n'
    )
    environment["KIOSK_CONFIG"] = str(config)
    environment[OFFSET_VARIABLE] = os.environ[OFFSET_VARIABLE]
    kiosk = str(Path(sys.executable).parent / "kiosk")
    worker = subprocess.Popen(
        [kiosk if part == INSTALLED_KIOSK else part for part in command],
        env={n: v for n, v in os.environ.items() if not n.startswith("KIOSK_")} | environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not mail_server.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [message["To"] for message in mail_server.inbox.messages] == ["siti@tamu.example"]
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
        output = worker.communicate()[0].decode()
    assert "Traceback" not in output, output
