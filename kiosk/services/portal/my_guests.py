"""A host's own guests: the only guest list a host sees, and the only invitations a host can
open, change or cancel. Any other id answers NotFound, as if it did not exist."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.clock import day_at, utc_now
from kiosk.errors import NotFound
from kiosk.privacy.gateway import Source
from kiosk.services.invitations.guest_page import Sharing, new_guest_page_link, sharing
from kiosk.services.invitations.invite import (
    InvitationMade,
    InvitationRequest,
    cancel_invitation,
    invite_for_host,
    reschedule_invitation,
    resend_invitation,
)
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import record_view
from kiosk.store.outbox_repository import Template
from kiosk.store.repositories import HostWindow, InvitationRecord
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

PAST_DAYS = 30
"""How far back "past" guests go."""
SHOWN = 50
"""Guests to come, and past guests, shown at most (the nearest first)."""
LONGEST_LIST = 500
"""Today's guests shown at most (an event's)."""


@dataclass(frozen=True)
class MyGuest:
    invitation_id: int
    guest_name: str
    starts_at: datetime
    ends_at: datetime
    visit_type: str
    status: str
    """invited, arrived, signed_out, cancelled or missed."""
    short_code: str
    arrived_at: datetime | None = None
    left_at: datetime | None = None


@dataclass(frozen=True)
class MyGuests:
    today: list[MyGuest]
    upcoming: list[MyGuest]
    past: list[MyGuest]


def _status(invitation: InvitationRecord, visit: VisitRecord | None, now: datetime) -> str:
    """Where the guest is, from their latest visit; else from the invitation."""
    if visit is not None:
        return "signed_out" if visit.checked_out_at else "arrived"
    if invitation.status == "cancelled":
        return "cancelled"
    return "missed" if invitation.ends_at < now else "invited"


def _guests(
    uow: UnitOfWork, kiosk: Kiosk, invitations: list[InvitationRecord], now: datetime
) -> list[MyGuest]:
    visits = uow.visits.latest_of_invitations([i.id for i in invitations])
    held = kiosk.gateway.shown_of(uow, (i.guest_subject_id for i in invitations), ("visitor.name",))
    guests = []
    for invitation in invitations:
        values = held.get(invitation.guest_subject_id, {})
        visit = visits.get(invitation.id)
        guests.append(
            MyGuest(
                invitation_id=invitation.id,
                guest_name=values.get("visitor.name", ""),
                starts_at=invitation.starts_at,
                ends_at=invitation.ends_at,
                visit_type=invitation.visit_type,
                status=_status(invitation, visit, now),
                short_code=kiosk.tokens.short_code(invitation.code_nonce),
                arrived_at=visit.checked_in_at if visit else None,
                left_at=visit.checked_out_at if visit else None,
            )
        )
    return guests


def my_guests(uow: UnitOfWork, kiosk: Kiosk, user: PortalUser) -> MyGuests:
    """The host's guests of today (all), the next ones to come and the latest of the last
    days (up to :data:`SHOWN` each), in the caller's unit of work; the view is audited."""
    now = utc_now()
    zone = ZoneInfo(kiosk.site.timezone)
    day_start = datetime.combine(day_at(now, kiosk.site.timezone), time.min, zone)
    day_end = day_start + timedelta(days=1)
    since = day_start - timedelta(days=PAST_DAYS)
    groups = uow.invitations.of_host(
        kiosk.site.id,
        user.host_id,
        (
            HostWindow(LONGEST_LIST, starts=(None, day_end), ends=(day_start, None)),
            HostWindow(SHOWN, starts=(day_end, None)),
            HostWindow(SHOWN, ends=(since, day_start), latest_first=True),
        ),
    )
    guests = _guests(uow, kiosk, [i for group in groups for i in group], now)
    record_view(uow, kiosk, user.actor, f"my_guests:{len(guests)}")
    by_id = {guest.invitation_id: guest for guest in guests}
    today, upcoming, past = ([by_id[i.id] for i in group] for group in groups)
    return MyGuests(today, upcoming, past)


def _own(uow: UnitOfWork, kiosk: Kiosk, user: PortalUser, invitation_id: int) -> InvitationRecord:
    invitation = uow.invitations.get(kiosk.site.id, invitation_id)
    if invitation is None or invitation.host_id != user.host_id:
        raise NotFound("no such invitation", reason="no_invitation")
    return invitation


@dataclass(frozen=True)
class MyGuestDetail:
    guest: MyGuest
    values: Mapping[str, str]
    """What the host gave for the guest, by registry field (verification data excepted)."""
    sharing: Sharing
    timeline: tuple[tuple[str, datetime], ...]
    """What happened so far, oldest first: ``invited``, ``sent``, ``opened``, ``arrived``
    and ``left``, each with when."""


def _timeline(
    uow: UnitOfWork, kiosk: Kiosk, invitation: InvitationRecord, guest: MyGuest
) -> tuple[tuple[str, datetime], ...]:
    job = uow.outbox.latest_for(kiosk.site.id, Template.INVITATION, invitation.id)
    steps = (
        ("invited", invitation.created_at),
        ("sent", job.sent_at if job else None),
        ("opened", invitation.page_opened_at),
        ("arrived", guest.arrived_at),
        ("left", guest.left_at),
    )
    return tuple((step, at) for step, at in steps if at is not None)


def my_guest(kiosk: Kiosk, user: PortalUser, invitation_id: int) -> MyGuestDetail:
    """One of the host's guests with what was given for them; the view is audited."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = _own(uow, kiosk, user, invitation_id)
        (guest,) = _guests(uow, kiosk, [invitation], now)
        subject = uow.subjects.get(invitation.guest_subject_id)
        held = kiosk.gateway.by_field(uow, subject)
        values = {
            key: held[key]
            for key, binding in kiosk.gateway.registry.fields.items()
            if key in held and binding.category != "verification"
        }
        shared = sharing(uow, kiosk, invitation, held)
        timeline = _timeline(uow, kiosk, invitation, guest)
        record_view(uow, kiosk, user.actor, "my_guest", subject.reference)
        uow.commit()
    return MyGuestDetail(guest, values, shared, timeline)


def invite_my_guest(kiosk: Kiosk, user: PortalUser, request: InvitationRequest) -> InvitationMade:
    """Invites a guest of the signed-in host, as pre-registered by them."""
    return invite_for_host(kiosk, user.host_id, request, Source.HOST_PREREGISTERED, user.actor)


def cancel_my_guest(kiosk: Kiosk, user: PortalUser, invitation_id: int) -> None:
    cancel_invitation(kiosk, invitation_id, user.actor, of_host=user.host_id)


def resend_my_guest(kiosk: Kiosk, user: PortalUser, invitation_id: int) -> None:
    resend_invitation(kiosk, invitation_id, user.actor, of_host=user.host_id)


def new_link_for_my_guest(kiosk: Kiosk, user: PortalUser, invitation_id: int) -> None:
    """A new link to the guest's page; the one the host shared before stops working."""
    new_guest_page_link(kiosk, invitation_id, user.actor, of_host=user.host_id)


def reschedule_my_guest(
    kiosk: Kiosk,
    user: PortalUser,
    invitation_id: int,
    day: date,
    start_time: time | None,
    end_time: time | None,
) -> None:
    reschedule_invitation(
        kiosk, invitation_id, day, start_time, end_time, user.actor, of_host=user.host_id
    )
