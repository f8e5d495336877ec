"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives."""

import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Start and stop at will, on a fixed loopback port, to stand in for a server that is down."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None


class DropsAfterData:
    """An SMTP server on 127.0.0.1 that takes the whole message and hangs up before saying
    whether it accepted it: the case where a resend could deliver twice."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.messages_taken = 0
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while self._running:
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            with connection, connection.makefile("rb") as lines:
                connection.settimeout(5)
                connection.sendall(b"220 localhost\r\n")
                for line in lines:
                    command = line.strip().upper()
                    if command == b"DATA":
                        connection.sendall(b"354 go ahead\r\n")
                        for body in lines:
                            if body == b".\r\n":
                                self.messages_taken += 1
                                break
                        break
                    connection.sendall(b"221 bye\r\n" if command == b"QUIT" else b"250 ok\r\n")

    def stop(self) -> None:
        self._running = False
        self._thread.join(timeout=5)
        self._listener.close()
