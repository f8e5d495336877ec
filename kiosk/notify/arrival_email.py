"""The email that tells a host their guest has arrived, in the host's language."""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

from kiosk.i18n import clock_time, translations


@dataclass(frozen=True)
class ArrivalEmail:
    language: str
    host_name: str
    host_email: str
    guest_name: str
    site_name: str
    arrived_at: datetime
    timezone: str
    mail_from: str


def compose_arrival(email: ArrivalEmail, now: datetime) -> EmailMessage:
    _ = translations(email.language).gettext
    at = clock_time(email.arrived_at.astimezone(ZoneInfo(email.timezone)), email.language)
    message = EmailMessage()
    message["Subject"] = _("Your guest {guest} has arrived").format(guest=email.guest_name)
    message["From"] = email.mail_from
    message["To"] = email.host_email
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain="lobby-kiosk")
    message.set_content(
        "\n\n".join(
            [
                _("Hello {host},").format(host=email.host_name),
                _("{guest} checked in at {site} at {time} and is waiting at reception.").format(
                    guest=email.guest_name, site=email.site_name, time=at
                ),
            ]
        )
        + "\n"
    )
    return message
