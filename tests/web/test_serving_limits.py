"""The portal as uvicorn serves it, on a loopback port: a client's address is its connection's
unless a proxy named in ``FORWARDED_ALLOW_IPS`` gives another; headers and bodies must arrive
on time and a body must not be too large; a client that leaves mid-request leaves one line in
the log, not a traceback."""

import logging
import socket
import time

import httpx2
import pytest

from kiosk.web import limits
from kiosk.web.server import BackgroundPortal, free_port, untrusted_proxy_warning
from tests.builders import run
from tests.portal_client import FORM_TOKEN


@pytest.fixture
def quick_limits(monkeypatch) -> None:
    monkeypatch.setattr(limits, "HEADER_TIMEOUT_S", 0.5)
    monkeypatch.setattr(limits, "BODY_TIMEOUT_S", 0.5)


@pytest.fixture
def served_at(site, quick_limits):
    port = free_port("127.0.0.1", 0)
    portal = BackgroundPortal(site, "127.0.0.1", port)
    portal.start()
    yield port
    portal.stop()


def ask_for_links(base: str, forwarded_for: list[str]) -> list[int]:
    answers = []
    with httpx2.Client() as client:
        for n, claimed in enumerate(forwarded_for):
            token = FORM_TOKEN.search(client.get(f"{base}/signin").text).group(1)
            form = {"email": f"guess{n}@menara.example", "csrf": token}
            headers = {"X-Forwarded-For": claimed}
            answers.append(client.post(f"{base}/signin", data=form, headers=headers).status_code)
    return answers


def test_a_forwarded_for_header_from_an_untrusted_client_is_ignored(site, served_at, monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    answers = ask_for_links(f"http://127.0.0.1:{served_at}", [f"203.0.113.{n}" for n in range(6)])
    assert answers == [200] * 5 + [429]


def test_a_named_proxy_gives_each_visitor_their_own_address(site, quick_limits, monkeypatch):
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
    port = free_port("127.0.0.1", 0)
    portal = BackgroundPortal(site, "127.0.0.1", port)
    portal.start()
    try:
        answers = ask_for_links(f"http://127.0.0.1:{port}", [f"203.0.113.{n}" for n in range(6)])
    finally:
        portal.stop()
    assert answers == [200] * 6


def test_listening_beyond_loopback_without_a_named_proxy_is_said_at_start(monkeypatch):
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert untrusted_proxy_warning("127.0.0.1") is None
    assert untrusted_proxy_warning("::1") is None
    assert "FORWARDED_ALLOW_IPS" in untrusted_proxy_warning("0.0.0.0")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")
    assert untrusted_proxy_warning("0.0.0.0") is None


def raw(port: int, sent: bytes, wait: float = 3.0) -> bytes:
    """What the portal answers to ``sent`` before it closes the connection (or ``wait``)."""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(sent)
        connection.settimeout(wait)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except TimeoutError:
            return answer + b"<still open>"
    return answer


def test_headers_that_do_not_arrive_close_the_connection(served_at) -> None:
    started = time.monotonic()
    assert raw(served_at, b"POST /signin HTTP/1.1\r\nHost: x\r\n") == b""
    assert raw(served_at, b"") == b""
    assert time.monotonic() - started < 4


def test_a_body_that_stops_arriving_is_answered_408(served_at) -> None:
    head = b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
    answer = raw(served_at, head + b"\r\nContent-Length: 100\r\n\r\nemail")
    assert answer.startswith(b"HTTP/1.1 408 ")


def test_a_body_announced_too_large_is_refused_before_it_is_read(served_at) -> None:
    head = b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
    answer = raw(served_at, head + b"\r\nContent-Length: 10000000000\r\n\r\nemail")
    assert answer.startswith(b"HTTP/1.1 413 ")


def test_a_client_that_leaves_mid_body_leaves_one_line_and_no_traceback(served_at, caplog):
    head = b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
    with caplog.at_level(logging.INFO):
        with socket.create_connection(("127.0.0.1", served_at)) as connection:
            connection.sendall(head + b"\r\nContent-Length: 100\r\n\r\nemail=a")
            time.sleep(0.2)
        deadline = time.monotonic() + 3
        while "left in the middle" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
    assert "a client left in the middle of POST /signin" in caplog.text
    assert "Traceback" not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)


@pytest.fixture
def served_with(monkeypatch) -> list:
    """What ``kiosk serve`` would serve, without serving it: (portal url, host, port)."""
    from kiosk.web import server

    calls = []
    monkeypatch.setattr(
        server,
        "serve",
        lambda kiosk, host, port, _w: calls.append((kiosk.settings.portal_url, host, port)),
    )
    for passed_on in ("KIOSK_PORTAL_URL", "KIOSK_DATABASE_URL", "KIOSK_PRINTER", "KIOSK_CONFIG"):
        monkeypatch.setenv(passed_on, "")  # serve sets them for its workers: undone after
        monkeypatch.delenv(passed_on)
    return calls


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:9137"),
        ("::1", "http://[::1]:9137"),
        ("kiosk.lan", "http://kiosk.lan:9137"),
    ],
)
def test_without_portal_url_links_point_where_the_portal_listens(site, served_with, host, url):
    """Links pointed at port 8080 whatever port the portal listened on."""
    served = run(site, "serve", "--host", host, "--port", "9137")
    assert served.exit_code == 0, served.output
    assert served_with == [(url, host, 9137)]
    assert f"sign-in links point to {url}" in served.stderr


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_listening_everywhere_without_portal_url_is_refused_at_start(site, served_with, host):
    served = run(site, "serve", "--host", host, "--port", "9137")
    assert served.exit_code == 2 and served_with == []
    assert served.stderr.startswith("kiosk: serve: listening on every address")
    assert served.stderr.count("\n") == 1
    given = run(site, "serve", "--host", host, env={"KIOSK_PORTAL_URL": "https://visitors.example"})
    assert given.exit_code == 0 and served_with[0][0] == "https://visitors.example"
