"""A network receipt printer on 127.0.0.1 that answers DLE EOT status queries the way an Epson
TM printer does, keeps what it is sent, and has faults to switch on: paper near its end or out,
cover open, offline, a connection that hangs, and a link that breaks in the middle of a job."""

import socket
import struct
import threading
from dataclasses import dataclass

DLE_EOT = b"\x10\x04"


@dataclass
class Faults:
    paper_near_end: bool = False
    paper_out: bool = False
    cover_open: bool = False
    offline: bool = False
    hang: bool = False
    """Accept connections, then read nothing and answer nothing."""
    break_after_bytes: int | None = None
    """Reset the connection once this many bytes of a job (not status queries) arrived."""
    paper_out_after_bytes: int | None = None
    """Run out of paper once this many bytes of a job arrived."""


def status_reply(n: int, faults: Faults) -> bytes:
    """DLE EOT n, as the Epson ESC/POS reference gives the bits."""
    stopped = faults.offline or faults.cover_open or faults.paper_out
    if n == 1:
        return bytes([0x12 | (0x08 if stopped else 0)])
    if n == 2:
        return bytes(
            [0x12 | (0x04 if faults.cover_open else 0) | (0x20 if faults.paper_out else 0)]
        )
    near = faults.paper_near_end or faults.paper_out
    return bytes([0x12 | (0x0C if near else 0) | (0x60 if faults.paper_out else 0)])


def _reached(limit: int | None, received: int) -> bool:
    return limit is not None and received >= limit


class FakePrinter:
    """Listens on ``port`` (a free one by default); ``stop()`` leaves the port refusing."""

    def __init__(self, port: int = 0) -> None:
        self.faults = Faults()
        self.jobs: list[bytes] = []
        """What each connection sent besides status queries (one badge per connection)."""
        self._job_done = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", port))
        self._server.settimeout(0.2)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self._server.getsockname()[1]}"

    def job(self, number: int) -> bytes:
        """The ``number``-th job (from 1), once its connection has closed (waits up to 5 s)."""
        with self._job_done:
            self._job_done.wait_for(lambda: len(self.jobs) >= number, timeout=5)
        return self.jobs[number - 1]

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self._server.close()

    def _serve(self) -> None:
        """One thread per connection, so a hung one does not hold up the next."""
        talks: list[threading.Thread] = []
        while not self._stopping.is_set():
            try:
                connection, _ = self._server.accept()
            except TimeoutError:
                continue
            talk = threading.Thread(target=self._talk_then_close, args=(connection,), daemon=True)
            talk.start()
            talks.append(talk)
        for talk in talks:
            talk.join(timeout=5)

    def _talk_then_close(self, connection: socket.socket) -> None:
        with connection:
            self._talk(connection)

    def _talk(self, connection: socket.socket) -> None:
        connection.settimeout(0.2)
        job = bytearray()
        pending = b""
        while not self._stopping.is_set():
            if self.faults.hang:
                self._stopping.wait(0.05)
                continue
            try:
                chunk = connection.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            pending += chunk
            while DLE_EOT in pending and len(pending) >= pending.index(DLE_EOT) + 3:
                at = pending.index(DLE_EOT)
                job += pending[:at]
                try:
                    connection.sendall(status_reply(pending[at + 2], self.faults))
                except OSError:
                    return
                pending = pending[at + 3 :]
            received = len(job) + len(pending)
            if _reached(self.faults.paper_out_after_bytes, received):
                self.faults.paper_out = True
            if _reached(self.faults.break_after_bytes, received):
                reset_at_close = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close sends RST
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, reset_at_close)
                break
        job += pending
        if job:
            with self._job_done:
                self.jobs.append(bytes(job))
                self._job_done.notify_all()
