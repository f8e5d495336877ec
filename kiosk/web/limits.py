"""What one request may hold of the portal: a connection that has not sent its headers within
:data:`HEADER_TIMEOUT_S` is closed, a body larger than :data:`MAX_BODY_BYTES` is refused (413)
before it is read, a body that stops arriving for :data:`BODY_TIMEOUT_S` is answered 408, and a
client that leaves mid-request is one line in the log, never a traceback. A reverse proxy in
front should do the same (see the README)."""

import asyncio

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10.0
BODY_TIMEOUT_S = 10.0
MAX_BODY_BYTES = 2_000_000


class TimelyHeaders(H11Protocol):
    """uvicorn's HTTP/1.1 connection, closed when a request's headers do not arrive within
    :data:`HEADER_TIMEOUT_S` of the connection opening or of the previous answer (uvicorn
    itself waits for them without end)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._await_headers()

    def _await_headers(self) -> None:
        self.loop.call_later(HEADER_TIMEOUT_S, self._headers_due, self.cycle)

    def _headers_due(self, cycle_before: object) -> None:
        if self.cycle is cycle_before and not self.transport.is_closing():
            self.transport.close()


class BodyLimits:
    """Refuses a body over :data:`MAX_BODY_BYTES` (announced or sent) with 413, and one that
    stalls for :data:`BODY_TIMEOUT_S` with 408, as the request reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = dict(scope["headers"]).get(b"content-length", b"0")
        declared = int(announced) if announced.isdigit() else 0
        received = 0

        async def limited() -> Message:
            nonlocal received
            if declared > MAX_BODY_BYTES:
                raise HTTPException(413, "body_too_large")
            try:
                message = await asyncio.wait_for(receive(), BODY_TIMEOUT_S)
            except TimeoutError:
                raise HTTPException(408, "body_too_slow") from None
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise HTTPException(413, "body_too_large")
            return message

        await self.app(scope, limited, send)
