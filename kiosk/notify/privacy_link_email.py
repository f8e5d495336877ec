"""The email that carries a person's single-use link to what the site holds about them, sent
only to an address the site holds, in the language they asked in."""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from kiosk.i18n import translations
from kiosk.notify.message import new_message


@dataclass(frozen=True)
class PrivacyLinkEmail:
    language: str
    email: str
    site_name: str
    link: str
    hours: int
    mail_from: str


def compose_privacy_link(email: PrivacyLinkEmail, now: datetime) -> EmailMessage:
    _ = translations(email.language).gettext
    subject = _("Your data at {site}").format(site=email.site_name)
    message = new_message(subject, email.mail_from, email.email, now)
    message.set_content(
        "\n\n".join(
            [
                _("You asked to see what {site} holds about you.").format(site=email.site_name),
                _("Open this link to see it, download it or make a request:"),
                email.link,
                _(
                    "It works once, for {hours} hours. If you did not ask for it, ignore this "
                    "email: nobody sees your data without it."
                ).format(hours=email.hours),
            ]
        )
        + "\n"
    )
    return message
