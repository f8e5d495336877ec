"""A chat, SMS or webhook service on 127.0.0.1 that Apprise's ``json://``, ``form://`` and
``ntfy://`` URLs (and the WhatsApp Cloud API, pointed at it) send to. It keeps every request it
takes, and has faults to switch on: refuse with an HTTP status, cut the connection after the
request arrived (the message may have gone), or be down altogether."""

import http.server
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        """What a person reads of the message, whatever the service's format."""
        content = self.headers.get("content-type", "")
        if content.startswith("application/json"):
            payload = self.json
            return json.dumps(payload, ensure_ascii=False)
        if content.startswith("application/x-www-form-urlencoded"):
            return json.dumps(parse_qs(self.body.decode()), ensure_ascii=False)
        return self.body.decode("utf-8", "replace")


@dataclass
class Behaviour:
    status: int = 200
    answer: bytes = b'{"ok": true}'
    cut: bool = False
    """Read the request, then close without answering."""


@dataclass
class MessageReceiver:
    received: list[Received] = field(default_factory=list)
    behaviour: Behaviour = field(default_factory=Behaviour)
    port: int = 0
    _server: http.server.ThreadingHTTPServer | None = None

    def start(self) -> "MessageReceiver":
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                behaviour = receiver.behaviour
                if behaviour.cut:
                    receiver.received.append(Received(self.path, headers, body))
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                if behaviour.status < 300:
                    receiver.received.append(Received(self.path, headers, body))
                self.send_response(behaviour.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(behaviour.answer)))
                self.end_headers()
                self.wfile.write(behaviour.answer)

            do_PUT = do_POST

            def log_message(self, *_args) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Down: the port refuses connections until :meth:`start` again."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, scheme: str = "json", path: str = "hook") -> str:
        return f"{scheme}://127.0.0.1:{self.port}/{path}"

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.received)
