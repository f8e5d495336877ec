"""What a guest would get from an invitation, shown before it is sent: the email, its calendar
entry and the message to their phone, made from the form as it is; nothing is stored, and the
code and the page's link stand as placeholders until the invitation is made."""

from dataclasses import dataclass, replace

from kiosk.clock import utc_now
from kiosk.errors import InvitationError
from kiosk.i18n import When, translations
from kiosk.notify.invitation_email import invitation_paragraphs
from kiosk.services.directory.hosts import host_view
from kiosk.services.invitations.guest_page import invitation_text
from kiosk.services.invitations.invite import LANGUAGE_FIELD, InvitationRequest, check_request
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.email import invitation_email
from kiosk.store.repositories import InvitationRecord

CODE_PLACEHOLDER = "XXXXXXXX"


@dataclass(frozen=True)
class InvitationPreview:
    email_to: str | None
    """Where the email goes; None when the guest gave no email."""
    subject: str
    email_text: str
    calendar: tuple[str, str, str]
    """The calendar entry: its title, when and where."""
    phone_message: str | None
    """The message to the guest's phone, where the site sends one and a phone was given."""


def preview_for_host(kiosk: Kiosk, host_id: int, request: InvitationRequest) -> InvitationPreview:
    """The invitation ``request`` would make for the host with this directory id, refused as
    the invitation itself would be."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        host = uow.hosts.get(host_id)
        if host is None:
            raise InvitationError("inactive_host", "choose a host from the directory")
        shown = host_view(uow, kiosk, host)
        checked = check_request(uow, kiosk, replace(request, host_email=shown.email), now)
    held = {key: value for key, (value, _purpose) in checked.values.items()}
    held.setdefault(LANGUAGE_FIELD, kiosk.settings.language)
    language = str(held[LANGUAGE_FIELD])
    _ = translations(language).gettext
    page = _("(the link to their page)")
    draft = InvitationRecord(
        0, host.id, 0, checked.starts_at, checked.ends_at, request.visit_type, "pending", b""
    )
    email = invitation_email(
        kiosk, held, draft, shown.name, token="", short_code=CODE_PLACEHOLDER, page_url=page
    )
    subject, lines, notice = invitation_paragraphs(email)
    phone = None
    if "visitor.phone" in held and kiosk.settings.notify_guest_phone:
        phone = invitation_text(kiosk, held, draft, shown.name, page)
    when = When(kiosk.site.timezone, language, _).window(checked.starts_at, checked.ends_at)
    where = f"{kiosk.site.name}, {kiosk.settings.site_address}"
    return InvitationPreview(
        email_to=str(held["visitor.email"]) if "visitor.email" in held else None,
        subject=subject,
        email_text="\n\n".join([*lines, notice]),
        calendar=(subject, when, where),
        phone_message=phone,
    )
