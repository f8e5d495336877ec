"""A guest's own invitation page, reached only through its link: who invites them, when, where,
what to bring, and the QR code the kiosk scans. The page shows the guest nothing else of
theirs than a given name and an initial; a cancelled, expired or used-up invitation says so
and shows no code. The first opening is noted for the host (not each one). A new link revokes
the old one; erasing the invitation takes the page with it."""

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kiosk.clock import day_at, utc_now
from kiosk.errors import NotFound
from kiosk.i18n import When, translations
from kiosk.notify.calendar import CalendarInvite, ics_bytes
from kiosk.notify.chat_messages import InvitationMessage, invitation_message
from kiosk.notify.qr_image import qr_png
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.directory.hosts import host_view
from kiosk.services.greeting import display_name
from kiosk.services.kiosk import Kiosk
from kiosk.services.links import calendar_uid, guest_page_url
from kiosk.store.repositories import InvitationRecord
from kiosk.store.unit_of_work import UnitOfWork

QR_BOX = 10
"""Pixels a QR module takes: the code fills a phone's width, easy for a scanner to read."""


class PageState(StrEnum):
    VALID = "valid"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    USED = "used"
    """Checked in on the last day of its window: nothing left to use it for."""


class Bring(StrEnum):
    NOTHING = "nothing"
    ID_CHARACTERS = "id_characters"
    """An identity card whose last 4 characters the kiosk asks."""
    ID_CARD = "id_card"
    """An identity card reception checks."""


BRING = {"id_last4": Bring.ID_CHARACTERS, "id_match": Bring.ID_CHARACTERS, "staff": Bring.ID_CARD}


@dataclass(frozen=True)
class GuestPage:
    state: PageState
    language: str
    """The guest's language (the page may be read in another)."""
    guest: str
    host: str
    site: str
    address: str
    map_url: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    bring: Bring
    policy_url: str
    qr_png: str | None
    """The invitation's QR code as a data URI, while it may be used."""
    code: str | None
    """The short code as XXXX-XXXX, while it may be used."""


def _found(uow: UnitOfWork, kiosk: Kiosk, link: str) -> InvitationRecord:
    """The invitation a page's link names: NotFound for a forged, revoked or erased one."""
    invitation_id = kiosk.page_tokens.claimed_id(link)
    invitation = uow.invitations.get(kiosk.site.id, invitation_id) if invitation_id else None
    if invitation is None or kiosk.page_tokens.id_of(link, invitation.page_nonce or b"") is None:
        raise NotFound("no such invitation page", reason="no_page")
    return invitation


def _state(uow: UnitOfWork, kiosk: Kiosk, invitation: InvitationRecord, now: datetime) -> PageState:
    grace = timedelta(minutes=kiosk.settings.arrival_grace_minutes)
    if invitation.status == "cancelled":
        return PageState.CANCELLED
    last_day = day_at(invitation.ends_at, kiosk.site.timezone)
    if uow.visits.of_invitation(invitation.id, last_day) is not None:
        return PageState.USED
    if now > invitation.ends_at + grace:
        return PageState.EXPIRED
    return PageState.VALID


def guest_page(
    kiosk: Kiosk, link: str, now: datetime | None = None, *, by_guest: bool = True
) -> GuestPage:
    """The page a guest's link opens; its first opening by the guest (not by a chat app making
    a preview of the link) is noted for the host."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = _found(uow, kiosk, link)
        held = kiosk.gateway.by_field(uow, uow.subjects.get(invitation.guest_subject_id))
        host = host_view(uow, kiosk, uow.hosts.get(invitation.host_id))
        state = _state(uow, kiosk, invitation, now)
        if by_guest:
            uow.invitations.page_opened(invitation.id, now)
            uow.commit()
    usable = state is PageState.VALID
    code = kiosk.tokens.short_code(invitation.code_nonce)
    settings = kiosk.settings
    return GuestPage(
        state=state,
        language=str(held.get("visitor.language", settings.language)),
        guest=display_name(held),
        host=host.name,
        site=kiosk.site.name,
        address=settings.site_address,
        map_url=settings.map_url,
        starts_at=invitation.starts_at,
        ends_at=invitation.ends_at,
        timezone=kiosk.site.timezone,
        bring=BRING.get(settings.verification, Bring.NOTHING),
        policy_url=settings.policy_url,
        qr_png=_data_uri(qr_png(kiosk.tokens.token(invitation.id), QR_BOX)) if usable else None,
        code=f"{code[:4]}-{code[4:]}" if usable else None,
    )


@dataclass(frozen=True)
class Sharing:
    """What a host (or reception) needs to send a guest their invitation from their own phone:
    the page's link, its QR code, a short message in the guest's language with the link, and
    the guest's number for WhatsApp."""

    page_url: str
    qr_png: str
    text: str
    phone_digits: str | None
    opened_at: datetime | None
    """When the guest first opened their page."""


def invitation_text(
    kiosk: Kiosk,
    held: Mapping[str, object],
    invitation: InvitationRecord,
    host_name: str,
    page_url: str,
) -> str:
    """The short invitation that goes to a guest's phone, in their language: the one the site
    sends, and the one a host sends by WhatsApp."""
    message = InvitationMessage(
        language=str(held.get("visitor.language", kiosk.settings.language)),
        guest=display_name(held),
        host=host_name,
        site=kiosk.site.name,
        starts_at=invitation.starts_at,
        ends_at=invitation.ends_at,
        timezone=kiosk.site.timezone,
        page_url=page_url,
    )
    return invitation_message(message)


def sharing(
    uow: UnitOfWork, kiosk: Kiosk, invitation: InvitationRecord, held: Mapping[str, object]
) -> Sharing:
    """How to share ``invitation``, whose guest ``held`` describes."""
    url = guest_page_url(kiosk, invitation.id, invitation.page_nonce)
    host = host_view(uow, kiosk, uow.hosts.get(invitation.host_id)).name
    phone = held.get("visitor.phone")
    return Sharing(
        page_url=url,
        qr_png=_data_uri(qr_png(kiosk.tokens.token(invitation.id), QR_BOX)),
        text=invitation_text(kiosk, held, invitation, host, url),
        phone_digits=str(phone).lstrip("+") if phone else None,
        opened_at=invitation.page_opened_at,
    )


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def guest_calendar(kiosk: Kiosk, link: str, language: str, now: datetime | None = None) -> bytes:
    """The visit as a calendar file the guest adds themself (the same event as the email's,
    updated by its sequence); NotFound once the invitation cannot be used."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = _found(uow, kiosk, link)
        if _state(uow, kiosk, invitation, now) is not PageState.VALID:
            raise NotFound("this invitation can no longer be used", reason="no_invitation")
        host = host_view(uow, kiosk, uow.hosts.get(invitation.host_id))
    _ = translations(language).gettext
    settings = kiosk.settings
    when = When(kiosk.site.timezone, language, _).window(invitation.starts_at, invitation.ends_at)
    description = "\n".join(
        (
            _("Host: {host}").format(host=host.name),
            when,
            _("Your invitation page: {url}").format(
                url=guest_page_url(kiosk, invitation.id, invitation.page_nonce)
            ),
        )
    )
    invite = CalendarInvite(
        uid=calendar_uid(kiosk, invitation.id),
        summary=_("Your visit to {site}").format(site=kiosk.site.name),
        description=description,
        location=f"{kiosk.site.name}, {settings.site_address}",
        starts_at=invitation.starts_at,
        ends_at=invitation.ends_at,
        timezone=kiosk.site.timezone,
        organizer=settings.mail_from.rsplit("<", 1)[-1].rstrip(">"),
        attendee=None,
        stamp=now,
        sequence=invitation.sequence,
        method="PUBLISH",
    )
    return ics_bytes(invite)


def new_guest_page_link(
    kiosk: Kiosk, invitation_id: int, actor: str, of_host: int | None = None
) -> str:
    """A new link to the guest's page; the old one stops working at once. ``of_host``: only
    for that host's own guest (NotFound for any other)."""
    with kiosk.unit_of_work() as uow:
        invitation = uow.invitations.get(kiosk.site.id, invitation_id)
        if invitation is None or (of_host is not None and invitation.host_id != of_host):
            raise NotFound("no such invitation", reason="no_invitation")
        nonce = os.urandom(8)
        uow.invitations.set_page_nonce(invitation.id, nonce)
        guest = uow.subjects.get(invitation.guest_subject_id)
        event = AuditEvent(
            AuditAction.INVITATION_CHANGE, actor, guest.reference, detail="new page link"
        )
        kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
    return guest_page_url(kiosk, invitation_id, nonce)
