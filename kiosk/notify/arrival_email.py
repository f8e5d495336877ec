"""The email that tells a host their guest has arrived, in the host's language."""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from kiosk.i18n import clock_time, translations
from kiosk.notify.message import new_message


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
    subject = _("Your guest {guest} has arrived").format(guest=email.guest_name)
    message = new_message(subject, email.mail_from, email.host_email, now)
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
