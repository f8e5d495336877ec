"""What the kiosk does with a scanned token or a typed code: find the invitation and say who
is expected, or refuse with the reason (forged, expired, not yet valid, used, cancelled)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import day_at, utc_now
from kiosk.errors import InvitationError
from kiosk.privacy.gateway import UNREADABLE
from kiosk.services.bootstrap import Kiosk
from kiosk.services.directory.hosts import host_view
from kiosk.services.invitations.invite import find_invitation
from kiosk.services.lobby.greeting import greeting_name
from kiosk.store.repositories import InvitationRecord
from kiosk.store.unit_of_work import UnitOfWork

NAME_FIELD = "visitor.name"
REFUSALS = {
    "forged": "this code is not one of our invitations",
    "not_yet_valid": "this invitation is for a later time",
    "expired": "this invitation has expired",
    "used": "this invitation was already used to check in",
    "cancelled": "this invitation was cancelled",
}


@dataclass(frozen=True)
class Arrival:
    """What the guest may see: their own shortened name, their host, and the time."""

    invitation_id: int
    guest_display_name: str
    host_name: str
    starts_at: datetime
    ends_at: datetime
    visit_type: str


def display_name(held: dict) -> str:
    """The guest's name as the kiosk shows it to them ("Siti R."), from what is held about
    them; empty when none is held or it is unreadable (the screens then greet without it)."""
    name = held.get(NAME_FIELD, "")
    return "" if name == UNREADABLE else greeting_name(name)


def refuse(reason: str) -> InvitationError:
    return InvitationError(reason, REFUSALS[reason])


def usable_invitation(
    uow: UnitOfWork, kiosk: Kiosk, scanned: str, now: datetime, *, used_ok: bool = False
) -> InvitationRecord:
    """The invitation a scan names, if it may be used now; else the refusal with its reason.
    An invitation is used once a day of its window; ``used_ok`` lets a second scan the same
    day through (to reprint nothing and show the same badge)."""
    grace = timedelta(minutes=kiosk.settings.arrival_grace_minutes)
    invitation = find_invitation(uow, kiosk, scanned)
    if invitation is None:
        raise refuse("forged")
    if invitation.status == "cancelled":
        raise refuse("cancelled")
    used_today = uow.visits.of_invitation(invitation.id, day_at(now, kiosk.site.timezone))
    if used_today is not None and not used_ok:
        raise refuse("used")
    if now < invitation.starts_at - grace:
        raise refuse("not_yet_valid")
    if now > invitation.ends_at + grace:
        raise refuse("expired")
    return invitation


def arrive(kiosk: Kiosk, scanned: str, now: datetime | None = None) -> Arrival:
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = usable_invitation(uow, kiosk, scanned, now)
        guest = uow.subjects.get(invitation.guest_subject_id)
        name = display_name(kiosk.gateway.by_field(uow, guest))
        host = host_view(uow, kiosk, uow.hosts.get(invitation.host_id))
    return Arrival(
        invitation.id,
        name,
        host.name,
        invitation.starts_at,
        invitation.ends_at,
        invitation.visit_type,
    )
