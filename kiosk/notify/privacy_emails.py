"""The emails of a person's own privacy requests, in the language they asked in: the
single-use link to what the site holds about them (sent only to an address it holds), and
staff's answer to what they asked."""

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


@dataclass(frozen=True)
class RequestAnswerEmail:
    language: str
    email: str
    site_name: str
    asked: str
    """What they asked for, in their words (``Erase my data``)."""
    answer: str
    """``done`` or ``refused``."""
    reason: str | None
    contact: str
    mail_from: str


def compose_request_answer(email: RequestAnswerEmail, now: datetime) -> EmailMessage:
    _ = translations(email.language).gettext
    subject = _("Your request to {site}").format(site=email.site_name)
    message = new_message(subject, email.mail_from, email.email, now)
    outcome = _("It is done.") if email.answer == "done" else _("We have refused it.")
    lines = [_("You asked: {asked}.").format(asked=_(email.asked)), outcome]
    if email.reason:
        lines.append(_("Why: {reason}").format(reason=email.reason))
    lines.append(_("Questions, or to complain: {contact}").format(contact=email.contact))
    message.set_content("\n\n".join(lines) + "\n")
    return message
