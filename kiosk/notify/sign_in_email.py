"""The email that carries a host's single-use link into the web portal, in the host's language."""

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from kiosk.i18n import translations
from kiosk.notify.message import new_message


@dataclass(frozen=True)
class SignInEmail:
    language: str
    name: str
    email: str
    site_name: str
    link: str
    minutes: int
    mail_from: str


def compose_sign_in(email: SignInEmail, now: datetime) -> EmailMessage:
    _ = translations(email.language).gettext
    subject = _("Your sign-in link for {site}").format(site=email.site_name)
    message = new_message(subject, email.mail_from, email.email, now)
    message.set_content(
        "\n\n".join(
            [
                _("Hello {name},").format(name=email.name),
                _("Open this link to sign in to invite your guests:"),
                email.link,
                _(
                    "It works once, for {minutes} minutes. If you did not ask for it, ignore "
                    "this email: nobody can sign in without it."
                ).format(minutes=email.minutes),
            ]
        )
        + "\n"
    )
    return message
