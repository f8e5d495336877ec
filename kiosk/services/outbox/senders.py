"""The one place that wires a sender to each channel of the outbox (:class:`Channel`, which
the front ends name when they ask for what is due to be sent now)."""

from datetime import datetime

from kiosk.notify.transport import mail_transport
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.badges import BadgeSender
from kiosk.services.outbox.drain import DrainReport, Sender, drain
from kiosk.services.outbox.email import EmailSender
from kiosk.services.outbox.messages import MessageSender
from kiosk.store.outbox_repository import Channel


def sender_for(kiosk: Kiosk, channel: Channel) -> Sender | None:
    """The channel's sender as this site is set up; None for email without a mail server."""
    if channel is Channel.PRINT:
        return BadgeSender(kiosk)
    if channel is Channel.MESSAGE:
        return MessageSender(kiosk)
    if kiosk.settings.smtp_url:
        return EmailSender(kiosk, mail_transport(kiosk.settings.smtp_url))
    return None


def send_due(kiosk: Kiosk, channel: Channel, now: datetime | None = None) -> DrainReport | None:
    """Sends what is due on ``channel``; None when the channel is not set up here."""
    sender = sender_for(kiosk, channel)
    return drain(kiosk, sender, now) if sender else None
