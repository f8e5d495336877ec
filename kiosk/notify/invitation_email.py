"""The invitation email, in the guest's language: text and HTML, the QR code inline, the short
code, host, address and time, a short privacy notice, and the calendar invitation."""

import html
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from kiosk.i18n import When, translations
from kiosk.notify.calendar import CalendarInvite, ics_bytes
from kiosk.notify.message import new_message
from kiosk.notify.qr_image import qr_png

QR_CID = "invitation-qr"


@dataclass(frozen=True)
class InvitationEmail:
    """Everything the message shows, already decrypted and chosen by the service."""

    language: str
    guest_name: str
    guest_email: str
    host_name: str
    site_name: str
    site_address: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    token: str
    short_code: str
    controller: str
    """The controller's name in the guest's language."""
    privacy_contact: str
    """Where the guest writes about their data."""
    purpose: str
    basis: str
    retention: str
    policy_url: str
    mail_from: str
    calendar_uid: str
    page_url: str
    """The guest's own invitation page: the QR code, the time, the way there."""
    sequence: int = 0


def invitation_paragraphs(email: InvitationEmail) -> tuple[str, list[str], str]:
    """The subject, the paragraphs and the privacy notice."""
    _ = translations(email.language).gettext
    when = When(email.timezone, email.language, _).window(email.starts_at, email.ends_at)
    subject = _("Your visit to {site}").format(site=email.site_name)
    lines = [
        _("Hello {guest},").format(guest=email.guest_name),
        _("{host} has invited you to {site}, {address}.").format(
            host=email.host_name, site=email.site_name, address=email.site_address
        ),
        _("When: {when}").format(when=when),
        _("At the kiosk in the lobby, scan the QR code below or type this code: {code}").format(
            code=email.short_code
        ),
        _("Your invitation page, with the QR code and the way here: {url}").format(
            url=email.page_url
        ),
    ]
    notice = _(
        "Privacy: {controller} uses your name and contact details, given by your host, for one "
        "purpose: {purpose} ({basis}). They are kept {retention}. Full privacy policy: {url}. "
        "To see, correct or erase your data, write to {contact} or ask reception."
    ).format(
        controller=email.controller,
        purpose=email.purpose,
        basis=email.basis,
        retention=email.retention,
        url=email.policy_url,
        contact=email.privacy_contact,
    )
    return subject, lines, notice


def compose_invitation(email: InvitationEmail, now: datetime) -> EmailMessage:
    subject, lines, notice = invitation_paragraphs(email)
    message = new_message(subject, email.mail_from, email.guest_email, now)
    message.set_content("\n\n".join([*lines, notice]) + "\n")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    message.add_alternative(
        f'<html><body>{body}<p><img src="cid:{QR_CID}" alt="QR" width="240"></p>'
        f"<p><small>{html.escape(notice)}</small></p></body></html>",
        subtype="html",
    )
    message.get_payload()[1].add_related(
        qr_png(email.token), "image", "png", cid=f"<{QR_CID}>", filename="invitation-qr.png"
    )
    invite = CalendarInvite(
        uid=email.calendar_uid,
        summary=subject,
        description="\n".join(lines[1:]),
        location=f"{email.site_name}, {email.site_address}",
        starts_at=email.starts_at,
        ends_at=email.ends_at,
        timezone=email.timezone,
        organizer=email.mail_from.rsplit("<", 1)[-1].rstrip(">"),
        attendee=email.guest_email,
        stamp=now,
        sequence=email.sequence,
    )
    message.add_attachment(
        ics_bytes(invite),
        maintype="text",
        subtype="calendar",
        filename="invitation.ics",
        params={"method": "REQUEST"},
    )
    return message
