"""Chat, SMS and webhook channels through Apprise: WhatsApp's Cloud API, Telegram, Slack,
Teams, ntfy, SMS gateways and plain JSON or form webhooks, each reached by one URL.

Apprise says only whether a message went out. The outbox needs to know more: whether nothing
left the machine (safe to send again later), whether the service refused it for good, or
whether the connection broke after the request was sent (it may have arrived: never sent again
by itself). So every HTTP exchange Apprise makes from this thread while a message is sent is
watched at the transport (``requests``' adapter), and the outcome is read from it.
"""

import functools
import json
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType
from typing import Any

RETRY_LATER = frozenset({408, 425, 429, 502, 503, 504})
"""Answers that say the service is busy or down: nothing was taken, send again later."""
DETAIL_MAX = 160


class Delivery(StrEnum):
    SENT = "sent"
    NOT_SENT = "not sent"
    """Nothing reached the service (it is down or busy): safe to send again later."""
    REFUSED = "refused"
    """The service answered no, for good (a wrong address, token or template)."""
    UNCERTAIN = "uncertain"
    """The request went out and the answer never came: it may have arrived."""


@dataclass(frozen=True)
class ChannelResult:
    delivery: Delivery
    detail: str
    """What the service answered, in a line without its address or anyone's details."""


@dataclass(frozen=True)
class _Exchange:
    status: int | None
    answer: str = ""
    error: Exception | None = None
    """A ``requests`` error: the request did not come back."""


_watched = threading.local()


@functools.cache
def _apprise() -> ModuleType:
    """Apprise, loaded when a channel is first used (it takes a while: not at start)."""
    import apprise
    import requests

    logging.getLogger("apprise").setLevel(logging.CRITICAL)  # it logs addresses, and their secrets
    adapter = requests.adapters.HTTPAdapter
    adapter.send = _watching(adapter.send, requests.RequestException)
    return apprise


def _watching(send, request_error: type[Exception]):
    @functools.wraps(send)
    def watched_send(adapter, request, *args, **kwargs):
        exchanges = getattr(_watched, "exchanges", None)
        try:
            response = send(adapter, request, *args, **kwargs)
        except request_error as error:
            if exchanges is not None:
                exchanges.append(_Exchange(None, error=error))
            raise
        if exchanges is not None:
            exchanges.append(_Exchange(response.status_code, _answer(response)))
        return response

    return watched_send


@contextmanager
def _exchanges() -> Iterator[list[_Exchange]]:
    _watched.exchanges = []
    try:
        yield _watched.exchanges
    finally:
        _watched.exchanges = None


def _answer(response: Any) -> str:
    """The service's own reason, from a JSON error or the first line of its answer, with long
    runs of digits (a phone number it echoes) hidden."""
    text = response.text[:2000]
    try:
        body = json.loads(text)
    except ValueError:
        reason = text.strip().splitlines()[0] if text.strip() else ""
    else:
        error = body.get("error", body) if isinstance(body, dict) else body
        reason = error.get("message", "") if isinstance(error, dict) else str(error)
    return re.sub(r"\d{6,}", "…", " ".join(str(reason).split()))[:DETAIL_MAX]


def _plugin(url: str) -> Any:
    """Apprise's sender for ``url``; None when no channel of Apprise knows it."""
    return _apprise().Apprise.instantiate(url)


def known(url: str) -> bool:
    """Whether Apprise can send to ``url`` (its scheme and shape)."""
    return _plugin(url) is not None


def service_name(url: str) -> str:
    """The service ``url`` reaches (``WhatsApp``, ``Telegram``, ``JSON``), for people to read."""
    plugin = _plugin(url)
    return str(plugin.service_name) if plugin else url.split("://", 1)[0]


def masked(url: str) -> str:
    """What a person may see of ``url``: the service and the kind of address, never the rest
    (a webhook's path, a chat's token or id may be what lets anyone post to it)."""
    return f"{service_name(url)} ({url.split('://', 1)[0]}://…)"


def send_message(url: str, body: str) -> ChannelResult:
    """Sends ``body`` to ``url`` once (Apprise's own retries off) and says how it went. The body
    is plain text: a service that reads HTML or Markdown gets it escaped, so a name holding
    ``<a href=…>`` or ``[text](link)`` shows as typed, never as a link."""
    plugin = _plugin(url)
    if plugin is None:
        return ChannelResult(Delivery.REFUSED, "not an address any channel of Apprise knows")
    with _exchanges() as exchanges:
        accepted = plugin.notify(body=body, body_format=_apprise().NotifyFormat.TEXT)
    return _result(accepted, exchanges, plugin.service_name)


def _result(accepted: bool, exchanges: list[_Exchange], service: str) -> ChannelResult:
    failed = next((x for x in exchanges if x.status is None or not 200 <= x.status < 300), None)
    if failed is None:
        if accepted:
            return ChannelResult(Delivery.SENT, f"{service} accepted it")
        reached = "answered" if exchanges else "could not be reached or refused it"
        return ChannelResult(Delivery.NOT_SENT, f"{service} {reached} without saying yes")
    if failed.error is not None:
        return _broken(failed.error, service, first=failed is exchanges[0])
    answer = f"HTTP {failed.status}" + (f": {failed.answer}" if failed.answer else "")
    if failed.status in RETRY_LATER:
        return ChannelResult(Delivery.NOT_SENT, f"{service} is busy or down ({answer})")
    if 400 <= failed.status < 500:
        return ChannelResult(Delivery.REFUSED, f"{service} refused it ({answer})")
    return ChannelResult(Delivery.UNCERTAIN, f"{service} failed while taking it ({answer})")


def _broken(error: Exception, service: str, *, first: bool) -> ChannelResult:
    from requests.exceptions import ConnectTimeout, SSLError
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

    cause = getattr(error.args[0], "reason", None) if error.args else None
    never_connected = isinstance(error, ConnectTimeout) or isinstance(
        cause, NewConnectionError | ConnectTimeoutError
    )
    if never_connected and first:
        return ChannelResult(Delivery.NOT_SENT, f"{service} could not be reached")
    if isinstance(error, SSLError) and first:
        return ChannelResult(Delivery.NOT_SENT, f"{service}: the secure connection failed")
    kind = type(error).__name__
    return ChannelResult(Delivery.UNCERTAIN, f"{service}: the connection broke mid-way ({kind})")
