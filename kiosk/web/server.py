"""Serving the portal with uvicorn: in this process, in several worker processes, or beside the
demo kiosk in a thread. Uvicorn's access log stays off: paths may carry a sign-in link."""

import ipaddress
import os
import socket
import threading
import time
import urllib.error
import urllib.request

import uvicorn
from starlette.applications import Starlette
from uvicorn.supervisors import Multiprocess

from kiosk.service_manager import notify, watchdog_interval
from kiosk.services.background import Loop
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.kiosk import Kiosk
from kiosk.settings import load_settings
from kiosk.web.app import FOLD_EVERY_S, create_app, views_folder
from kiosk.web.limits import TimelyHeaders

DEMO_PORT = 8080
READY_POLL_S = 0.5
"""How often, under a unit without a watchdog, the portal asks itself whether it serves yet."""


def uvicorn_options(host: str, port: int) -> dict:
    """How every portal listens: no access log, headers and bodies on time (see
    :mod:`kiosk.web.limits`), and the client's address taken from ``X-Forwarded-For`` only
    when it comes from a proxy that ``FORWARDED_ALLOW_IPS`` names (never by default: anyone
    on the machine could otherwise claim any address, and pass every limit per address)."""
    trusted = os.environ.get("FORWARDED_ALLOW_IPS", "").strip()
    return {
        "host": host,
        "port": port,
        "access_log": False,
        "log_level": "warning",
        "http": TimelyHeaders,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted or None,
    }


def untrusted_proxy_warning(host: str) -> str | None:
    """What to say at start when the portal listens beyond this machine and trusts no proxy."""
    if os.environ.get("FORWARDED_ALLOW_IPS", "").strip():
        return None
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return None
    return (
        f"the portal listens on {host} and trusts no proxy: behind a reverse proxy every visitor "
        "has the proxy's address (and shares its limits); set FORWARDED_ALLOW_IPS to the proxy's "
        "address"
    )


def app_from_environment() -> Starlette:
    """The app of one worker process: settings from ``KIOSK_*`` (``kiosk serve`` sets them).
    Its pages' views are chained by the supervisor (see :func:`serve`)."""
    return create_app(open_kiosk(load_settings()), fold_views=False)


def serve(kiosk: Kiosk, host: str, port: int, workers: int) -> None:
    """Blocks until stopped (Ctrl-C). Several workers each open the kiosk from the settings;
    they keep no state in memory, so any of them can answer any request."""
    options = uvicorn_options(host, port)
    watchdog = Watchdog(host, port)
    if workers == 1:
        watchdog.start()
        uvicorn.run(create_app(kiosk), **options)
        return
    config = uvicorn.Config(
        "kiosk.web.server:app_from_environment", factory=True, workers=workers, **options
    )
    listening = config.bind_socket()
    # Accepted connections inherit this: without it a kept-alive connection's next answer
    # waits ~40 ms for the client's delayed ACK (in one process asyncio sets it itself).
    listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    watchdog.start()
    # The views every worker queues are chained here: a worker's own thread doing it holds
    # that worker's interpreter lock while its pages wait (the portal's slowest answers).
    folder = views_folder(kiosk)
    folder.start()
    try:
        Multiprocess(config, sockets=[listening]).run()
    finally:
        folder.stop()
        folder.join(FOLD_EVERY_S * 5)


class Watchdog:
    """Under systemd (``Type=notify``): ``READY=1`` once the portal answers ``/healthz``, then
    ``WATCHDOG=1`` every half ``WatchdogSec=`` while it answers and reaches its database, so
    systemd restarts a portal that hangs or has lost its database for good. What a restart
    cannot mend (a late outbox, a purge overdue) stays for ``/healthz`` to report."""

    def __init__(self, host: str, port: int) -> None:
        self._url = f"http://{_loopback(host)}:{port}/healthz"
        self._interval = watchdog_interval()
        self._ready = False
        self._loop = Loop("watchdog", self._tick, self._interval or READY_POLL_S)

    def start(self) -> None:
        if os.environ.get("NOTIFY_SOCKET"):
            self._loop.start()

    def _tick(self) -> None:
        if not _serving(self._url, timeout=self._interval or READY_POLL_S):
            return
        if not self._ready:
            self._ready = notify("READY=1")
        if self._interval:
            notify("WATCHDOG=1")
        elif self._ready:
            self._loop.stop()


def _serving(url: str, timeout: float) -> bool:
    """Whether the portal answers, and answers that its database does."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return True
    except urllib.error.HTTPError as answer:  # 503: a check failed; which one?
        return answer.code == 503 and b"database:" not in answer.read()
    except OSError:
        return False


def _loopback(host: str) -> str:
    """Where this machine reaches a portal listening on ``host``."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def free_port(host: str, wanted: int = DEMO_PORT) -> int:
    """``wanted`` if nothing listens on it, else a port the system picks."""
    for port in (wanted, 0):
        with socket.socket() as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("no free port")


class BackgroundPortal:
    """The portal in a daemon thread (beside the demo kiosk, or in a test)."""

    def __init__(self, kiosk: Kiosk, host: str, port: int) -> None:
        config = uvicorn.Config(create_app(kiosk), **uvicorn_options(host, port))
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="portal", daemon=True)

    def start(self, timeout: float = 10) -> None:
        """Returns once the portal listens; OSError if it could not start."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise OSError("the portal could not start listening")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
