"""Which invitation a scanned token or a typed code names, and whether it may be used now: the
refusals come with their reasons (forged, expired, not yet valid, used, cancelled)."""

from datetime import datetime, timedelta

from kiosk.clock import day_at
from kiosk.errors import InvitationError
from kiosk.privacy.tokens import normalise_code
from kiosk.services.kiosk import Kiosk
from kiosk.store.repositories import InvitationRecord
from kiosk.store.unit_of_work import UnitOfWork

REFUSALS = {
    "forged": "this code is not one of our invitations",
    "not_yet_valid": "this invitation is for a later time",
    "expired": "this invitation has expired",
    "used": "this invitation was already used to check in",
    "cancelled": "this invitation was cancelled",
}


def refuse(reason: str) -> InvitationError:
    return InvitationError(reason, REFUSALS[reason])


def find_invitation(uow: UnitOfWork, kiosk: Kiosk, token_or_code: str) -> InvitationRecord | None:
    """The invitation a genuine token or short code names; None when it names none. This is
    where a token or a code is read: past it, use cases take the invitation's id."""
    invitation_id = kiosk.tokens.id_of(token_or_code.strip())
    if invitation_id is not None:
        return uow.invitations.get(kiosk.site.id, invitation_id)
    code = normalise_code(token_or_code)
    if code is None:
        return None
    return uow.invitations.by_code(kiosk.site.id, kiosk.tokens.code_digest(code))


def invitation_named(kiosk: Kiosk, token_or_code: str) -> int:
    """The id of the invitation a token or code typed at the command line names; refused as
    forged when it names none."""
    with kiosk.unit_of_work() as uow:
        invitation = find_invitation(uow, kiosk, token_or_code)
    if invitation is None:
        raise refuse("forged")
    return invitation.id


def usable_invitation(
    uow: UnitOfWork,
    kiosk: Kiosk,
    invitation: InvitationRecord | None,
    now: datetime,
    *,
    used_ok: bool = False,
) -> InvitationRecord:
    """``invitation`` if it may be used now; else the refusal with its reason (None: forged).
    An invitation is used once a day of its window; ``used_ok`` lets a second scan the same
    day through (to reprint nothing and show the same badge)."""
    grace = timedelta(minutes=kiosk.settings.arrival_grace_minutes)
    if invitation is None:
        raise refuse("forged")
    if invitation.status == "cancelled":
        raise refuse("cancelled")
    if not used_ok and uow.visits.of_invitation(invitation.id, day_at(now, kiosk.site.timezone)):
        raise refuse("used")
    if now < invitation.starts_at - grace:
        raise refuse("not_yet_valid")
    if now > invitation.ends_at + grace:
        raise refuse("expired")
    return invitation
