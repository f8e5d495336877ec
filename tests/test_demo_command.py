"""The README's run command brings up the demo kiosk and its web portal: it names its folders,
shows the welcome screen (offscreen here), signs a demo host in by the link it prints, keeps
the terminal to its own lines, and on Ctrl-C stops cleanly and removes its throwaway folder
(unless asked to keep it). A kiosk started before its database waits for it."""

import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import make_url

from kiosk.services.bootstrap import open_kiosk
from kiosk.settings import load_settings
from kiosk.ui.launch import OPEN_LINE, READY_LINE
from tests.portal_client import FORM_TOKEN
from tests.tcp_proxy import TcpProxy

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


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    """The kiosk as its own process, offscreen, its stderr read by the test."""
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | {"SDL_VIDEODRIVER": "offscreen"} | env,
    )


def test_demo_command_shows_the_welcome_screen(tmp_path: Path) -> None:
    process = start([str(ROOT / "scripts" / "demo"), "--windowed"], {"TMPDIR": str(tmp_path)})
    try:
        output = read_until(process, READY_LINE, START_TIMEOUT_S)
        previews = Path(output.split("badge previews:")[1].split()[0])
        assert previews.is_dir()
        link = output.split("host sign-in:")[1].split()[0]
        portal = output.split("web portal:")[1].split()[0]
        with httpx2.Client(base_url=portal, cookies={"kiosk_lang": "en"}) as browser:
            portal_page = browser.get("/healthz").status_code
            token = FORM_TOKEN.search(browser.get(link).text).group(1)
            secret = link.rsplit("/", 1)[1]
            browser.post("/signin/link", data={"secret": secret, "csrf": token})
            guests_page = browser.get("/invitations").text
        email, password = output.split("reception:")[1].split()[0:3:2]
        with httpx2.Client(base_url=portal, cookies={"kiosk_lang": "en"}) as desk:
            token = FORM_TOKEN.search(desk.get("/signin/password").text).group(1)
            form = {"email": email, "password": password, "csrf": token}
            desk.post("/signin/password", data=form)
            desk_page = desk.get("/reception/expected").text
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        returncode = process.wait(timeout=30)
    output += process.stderr.read()
    assert "Demo kiosk: 3 hosts and 5 guests expected today." in output
    assert output.count(READY_LINE) == 1
    for noise in ("[INFO", "[WARNING", "CRITICAL", "Traceback", "stderr:"):
        assert noise not in output, f"{noise!r} on the terminal: Kivy's lines go to its log"
    folder = Path(output.split("demo folder:")[1].split()[0])
    assert folder.is_relative_to(tmp_path) and not folder.exists(), "removed on exit"
    assert previews.is_relative_to(tmp_path)
    assert Path(output.split("email goes to:")[1].split()[0]).is_relative_to(tmp_path)
    assert portal_page == 200
    assert "Rina Wijaya" in guests_page
    assert "Siti Rahmawati" in desk_page  # the demo's reception account sees today's guests
    assert returncode == 0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_kiosk_started_before_its_database_waits_for_it(database_url, tmp_path) -> None:
    """After a power cut the database server often boots later than the kiosk's computer:
    the kiosk stopped at start; it now says "one moment" and opens once the database
    answers."""
    proxy = TcpProxy(make_url(database_url).port or 5432)
    proxy.cut()
    through_proxy = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    config = tmp_path / "kiosk.toml"
    config.touch()
    env = {
        "KIOSK_DATA_DIR": str(tmp_path),
        "KIOSK_DATABASE_URL": through_proxy.render_as_string(hide_password=False),
    }
    process = start(
        [sys.executable, "-m", "kiosk", "--config", str(config), "run", "--windowed"], env
    )
    try:
        waiting = read_until(process, "trying again every 5 s", START_TIMEOUT_S)
        assert "kiosk: cannot reach the database at postgresql+psycopg://" in waiting
        assert process.poll() is None, "still running, waiting"
        proxy.restore()
        read_until(process, OPEN_LINE, START_TIMEOUT_S)
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=30)
        proxy.cut()
    assert returncode == 0


def test_a_kiosk_that_cannot_open_says_why_in_one_line_and_exits_2(tmp_path) -> None:
    """The welcome screen is drawn before the kiosk opens; what keeps it from opening (here
    its key file, lost) still ends the command as any refusal does."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path}"\n')
    settings = load_settings(config, environ={})
    open_kiosk(settings)
    settings.key_file.unlink()
    command = [sys.executable, "-m", "kiosk", "--config", str(config), "run", "--windowed"]
    process = start(command, {})
    returncode = process.wait(timeout=START_TIMEOUT_S)
    output = process.stderr.read()
    assert returncode == 2, output
    assert f"kiosk: the key file {settings.key_file} is missing" in output
    assert "Traceback" not in output and "unexpected" not in output


SAYING_IMPORTS = (
    "import sys\n"
    "class SaysImports:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        print('importing', name, file=sys.stderr, flush=True)\n"
    "sys.meta_path.insert(0, SaysImports())\n"
    "from kiosk.cli import main\n"
    "main()\n"
)
"""The ``kiosk`` command, saying each module it imports as it first looks for it."""


def imported(said: str) -> set[str]:
    return {line.split()[1] for line in said.splitlines() if line.startswith("importing ")}


def test_the_welcome_screen_is_drawn_before_the_database_and_the_other_screens_load(
    tmp_path,
) -> None:
    """What a bare Kivy app does not need waits until the welcome screen is on the glass:
    the database's modules, the services, the printer's, the other screens."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path}"\n')
    open_kiosk(load_settings(config, environ={}))
    command = [sys.executable, "-c", SAYING_IMPORTS, "--config", str(config)]
    process = start([*command, "run", "--windowed"], {})
    try:
        before = imported(read_until(process, READY_LINE, START_TIMEOUT_S))
        after = imported(read_until(process, OPEN_LINE, START_TIMEOUT_S))
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=30)
    later = {
        "sqlalchemy",
        "alembic",
        "argon2",
        "escpos",
        "qrcode",
        "cryptography",
        "kiosk.services.bootstrap",
        "kiosk.services.lobby.flow",
        "kiosk.ui.walk_in",
        "kiosk.ui.staff_pin",
    }
    assert "kiosk.ui.welcome" in before
    assert not later & before, "loaded before the first frame"
    assert later - {"argon2"} <= after, "loaded behind the welcome screen"
    assert returncode == 0


def test_the_demo_keeps_its_folder_only_when_asked(monkeypatch, tmp_path) -> None:
    """The app itself is the test above's; here it closes at once."""
    import tempfile

    from click.testing import CliRunner

    import kiosk.cli.demo_kiosk
    from kiosk.cli import main

    monkeypatch.setattr(kiosk.cli.demo_kiosk, "run_kiosk", lambda *args, **kwargs: None)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    folders = {}
    for keep in (True, False):
        result = CliRunner().invoke(main, ["demo", "--windowed", *(["--keep"] * keep)])
        assert result.exit_code == 0, result.output
        folders[keep] = Path(result.output.split("demo folder:")[1].split()[0])
    assert (folders[True] / "demo.sqlite3").exists(), "kept, with its database"
    assert folders[False].is_relative_to(tmp_path) and not folders[False].exists()


def test_the_kiosk_tells_systemd_it_is_ready_and_keeps_drawing(tmp_path: Path) -> None:
    """Under its unit (Type=notify, WatchdogSec=): READY=1 with the first welcome frame, then
    WATCHDOG=1 from the thread that draws, so a frozen screen is restarted."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(tmp_path / "notify.sock"))
    listener.settimeout(START_TIMEOUT_S)
    env = {
        "TMPDIR": str(tmp_path),
        "NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
        "WATCHDOG_USEC": "1000000",
    }
    process = start([sys.executable, "-m", "kiosk", "run", "--demo", "--windowed"], env)
    try:
        said = [listener.recv(100)]
        listener.settimeout(5)
        said += [listener.recv(100), listener.recv(100)]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
        listener.close()
    assert said == [b"READY=1", b"WATCHDOG=1", b"WATCHDOG=1"]


def test_the_demo_site_names_its_own_controller(tmp_path: Path) -> None:
    """Not the one the kiosk ships (the operator's policy's): guests read of the site's."""
    from kiosk.privacy.site_policy import site_policy
    from kiosk.services.demo import DemoPlace
    from kiosk.settings import load_settings

    settings = load_settings(None, environ={}, overrides=DemoPlace(tmp_path).overrides(8080))
    registry = site_policy(settings).registry
    assert registry.text(registry.controller.name, "id") == "PT Menara Demo Coworking"
    assert registry.controller.email == "privacy@menara.example"
