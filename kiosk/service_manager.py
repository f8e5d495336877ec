"""Telling systemd that the process is ready and still alive (``sd_notify(3)``: one datagram per
message to ``$NOTIFY_SOCKET``), for units of ``Type=notify`` with ``WatchdogSec=``. Outside
systemd (no socket named) nothing is sent."""

import os
import socket


def notify(message: str) -> bool:
    """Sends ``message`` (``READY=1``, ``WATCHDOG=1``, ``STOPPING=1``); whether it was sent."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):  # an abstract socket
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sender:
            sender.connect(address)
            sender.sendall(message.encode())
    except OSError:
        return False
    return True


def watchdog_interval() -> float | None:
    """How often to say ``WATCHDOG=1``: half the unit's ``WatchdogSec=``; None without one."""
    microseconds = os.environ.get("WATCHDOG_USEC", "")
    if not microseconds.isdigit() or not os.environ.get("NOTIFY_SOCKET"):
        return None
    return int(microseconds) / 1_000_000 / 2
