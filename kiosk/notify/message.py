"""The header lines every email of the kiosk starts with."""

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def new_message(subject: str, sender: str, to: str, now: datetime) -> EmailMessage:
    """An empty email with its subject, sender, recipient, date and a Message-ID of ours."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="lobby-kiosk")
    return message
