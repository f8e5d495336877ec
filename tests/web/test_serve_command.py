"""``kiosk serve`` as operators run it: two portal processes (one with two workers) on one
PostgreSQL database keep nothing in memory, so a session or a count of tries made on one
holds on the other; the two workers' views are chained into the audit log by their
supervisor. Ctrl-C stops each cleanly."""

import signal
import sys
import time

import httpx2
import pytest

from tests.mail_server import free_port
from tests.portal_client import FORM_TOKEN, LINK, messages_to
from tests.test_demo_command import read_until, start

READY = "Portal starting on"


def wait_until_healthy(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx2.get(f"{base}/healthz", timeout=2).text == "ok":
                return
        except httpx2.TransportError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


def chained(site, timeout: float = 15) -> bool:
    """Whether every view queued so far joins the audit chain within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with site.unit_of_work() as uow:
            if not uow.audit.any_queued(site.site.id):
                return True
        time.sleep(0.2)
    return False


def token(client: httpx2.Client, url: str) -> str:
    return FORM_TOKEN.search(client.get(url).text).group(1)


def ask(client: httpx2.Client, base: str, email: str) -> int:
    form = {"email": email, "csrf": token(client, f"{base}/signin")}
    return client.post(f"{base}/signin", data=form).status_code


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_portal_processes_share_sessions_and_tries(site, mail_server):
    settings = site.settings
    env = {
        "KIOSK_DATABASE_URL": settings.database_url,
        "KIOSK_DATA_DIR": str(settings.data_dir),
        "KIOSK_SITE_NAME": settings.site_name,
        "KIOSK_SMTP_URL": mail_server.url,
    }
    ports = [free_port(), free_port()]
    commands = [
        [sys.executable, "-m", "kiosk", "serve", "--port", str(ports[0]), "--workers", "2"],
        [sys.executable, "-m", "kiosk", "serve", "--host", "127.0.0.1", "--port", str(ports[1])],
    ]
    first, second = (f"http://127.0.0.1:{port}" for port in ports)
    processes = [
        start(command, env | {"KIOSK_PORTAL_URL": f"http://127.0.0.1:{port}"})
        for command, port in zip(commands, ports, strict=True)
    ]
    try:
        for process, base in zip(processes, (first, second), strict=True):
            read_until(process, READY, 60)
            wait_until_healthy(base)
        client = httpx2.Client(cookies={"kiosk_lang": "en"}, timeout=10)

        assert ask(client, first, "rina@menara.example") == 200
        (message,) = messages_to(mail_server, "rina@menara.example")
        link = LINK.search(message.get_content()).group(1)
        used = client.post(
            f"{second}/signin/link",
            data={"secret": link, "csrf": token(client, f"{second}/signin/link/{link}")},
        )
        assert used.status_code == 303
        assert client.get(f"{first}/invitations").status_code == 200
        stranger = httpx2.Client(timeout=10)
        assert [ask(stranger, base, "x@menara.example") for base in (first, second) * 2] == [
            200
        ] * 4
        assert ask(stranger, second, "y@menara.example") == 429  # the 6th from 127.0.0.1

        processes[1].send_signal(signal.SIGINT)
        assert processes[1].wait(timeout=30) == 0
        assert client.get(f"{first}/invitations").status_code == 200
        assert chained(site), "the supervisor chains the views its workers queue"
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        codes = [process.wait(timeout=30) for process in processes]
    assert codes == [0, 0]
