"""What the kiosk does with a scanned token or a typed code: find the invitation and say who
is expected, or refuse with the reason (see :mod:`kiosk.services.invitations.validity`)."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import utc_now
from kiosk.services.directory.hosts import host_view
from kiosk.services.greeting import display_name
from kiosk.services.invitations.validity import find_invitation, usable_invitation
from kiosk.services.kiosk import Kiosk


@dataclass(frozen=True)
class Arrival:
    """What the guest may see: their own shortened name, their host, and the time."""

    invitation_id: int
    guest_display_name: str
    host_name: str
    starts_at: datetime
    ends_at: datetime
    visit_type: str


def arrive(kiosk: Kiosk, scanned: str, now: datetime | None = None) -> Arrival:
    """The invitation a scan or a typed code names, if it may be used now (an InvitationError
    with the reason if not): the one place the lobby reads a token or a code."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = usable_invitation(uow, kiosk, find_invitation(uow, kiosk, scanned), now)
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
