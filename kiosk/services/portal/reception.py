"""What reception does from the portal, as the signed-in staff member: the day's expected
guests, who is on site, what needs attention; signing a guest out, reprinting a badge, the roll
call on the lobby printer. Each view and each action is audited under their name; a host who
is not staff gets NotFound, as for a page that does not exist."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from kiosk.clock import local_now, local_today, utc_now
from kiosk.errors import NotFound
from kiosk.privacy.gateway import Source
from kiosk.services.directory.hosts import host_view
from kiosk.services.invitations.guest_page import Sharing, sharing
from kiosk.services.invitations.invite import InvitationMade, InvitationRequest, invite_for_host
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.badges import reprint
from kiosk.services.portal.preview import InvitationPreview, preview_for_host
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import record_view, viewed
from kiosk.services.reception.alerts import AlertView, open_alerts
from kiosk.services.reception.expected import ExpectedGuest, expected_in
from kiosk.services.reception.printer import RollCall, print_roll_call
from kiosk.services.roles import require
from kiosk.services.visits.admission import CheckIn
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out, guest_of_visit
from kiosk.services.visits.on_site import OnSite, on_site_in
from kiosk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ExpectedDay:
    guests: list[ExpectedGuest]
    printers: list[str]
    """Where a badge checked in from the desk may print: only for today (see
    :func:`badge_printers`)."""


def expected_on(uow: UnitOfWork, kiosk: Kiosk, user: PortalUser, day: date) -> ExpectedDay:
    """Reception's *Expected* for ``day``, in the caller's unit of work; the view is audited."""
    require(user.role)
    guests = expected_in(uow, kiosk, day)
    record_view(uow, kiosk, user.actor, f"expected:{len(guests)}")
    today = day == local_today(kiosk.site.timezone)
    return ExpectedDay(guests, _printers(uow, kiosk) if today else [])


def on_site_now(uow: UnitOfWork, kiosk: Kiosk, user: PortalUser) -> list[OnSite]:
    """*On site now*, in the caller's unit of work; the view is audited."""
    require(user.role)
    guests = on_site_in(uow, kiosk)
    record_view(uow, kiosk, user.actor, f"on_site:{len(guests)}")
    return guests


def needs_attention(kiosk: Kiosk, user: PortalUser) -> list[AlertView]:
    require(user.role)
    alerts = open_alerts(kiosk)
    viewed(kiosk, user.actor, f"attention:{len(alerts)}")
    return alerts


KIOSKS_SEEN_FOR = timedelta(days=30)
"""How recently a kiosk must have checked a guest in to be offered as a badge's printer."""


def badge_printers(kiosk: Kiosk, user: PortalUser) -> list[str]:
    """The kiosks whose printer a badge checked in at the desk may print on: those that checked
    a guest in lately, and this one."""
    require(user.role)
    with kiosk.unit_of_work() as uow:
        return _printers(uow, kiosk)


def _printers(uow: UnitOfWork, kiosk: Kiosk) -> list[str]:
    seen = uow.visits.kiosks_since(kiosk.site.id, utc_now() - KIOSKS_SEEN_FOR)
    return sorted({*seen, kiosk.settings.kiosk_id})


def check_in_at_desk(
    kiosk: Kiosk, user: PortalUser, invitation_id: int, print_at: str | None
) -> CheckIn:
    """Checks the guest in as the staff member who checked them; the badge prints on kiosk
    ``print_at``'s printer (None: no badge); the host is told as from a kiosk."""
    _check_printer(kiosk, user, print_at)
    return check_in(kiosk, invitation_id, admitted_by=user.actor, print_at=print_at)


def _check_printer(kiosk: Kiosk, user: PortalUser, print_at: str | None) -> None:
    if print_at is not None and print_at not in badge_printers(kiosk, user):
        raise NotFound("no such kiosk", reason="no_page")


def sign_guest_out(kiosk: Kiosk, user: PortalUser, visit_id: int) -> str:
    """Closes the visit as staff; the guest's name, for the page to say who left."""
    require(user.role)
    return check_out(kiosk, visit_id, by_staff=user.actor).guest_display_name


def guest_signing_out(kiosk: Kiosk, user: PortalUser, visit_id: int) -> str:
    """Whom staff would sign out: the question before it names them."""
    require(user.role)
    return guest_of_visit(kiosk, visit_id)


def reprint_badge(kiosk: Kiosk, user: PortalUser, visit_id: int) -> int:
    """Queues the visit's badge at its kiosk's printer again; its number."""
    require(user.role)
    return reprint(kiosk, visit_id).badge_number


def print_roll(kiosk: Kiosk, user: PortalUser) -> RollCall:
    require(user.role)
    return print_roll_call(kiosk)


@dataclass(frozen=True)
class RegisteredGuest:
    invitation_id: int
    guest_name: str
    host_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    sharing: Sharing


def registered_guest(kiosk: Kiosk, user: PortalUser, invitation_id: int) -> RegisteredGuest:
    """A guest of any host, as reception sends them their page; the view is audited."""
    require(user.role)
    with kiosk.unit_of_work() as uow:
        invitation = uow.invitations.get(kiosk.site.id, invitation_id)
        if invitation is None:
            raise NotFound("no such invitation", reason="no_invitation")
        subject = uow.subjects.get(invitation.guest_subject_id)
        held = kiosk.gateway.by_field(uow, subject)
        host = host_view(uow, kiosk, uow.hosts.get(invitation.host_id))
        shared = sharing(uow, kiosk, invitation, held)
        record_view(uow, kiosk, user.actor, "registered_guest", subject.reference)
        uow.commit()
    return RegisteredGuest(
        invitation.id,
        str(held.get("visitor.name", "")),
        host.name,
        invitation.starts_at,
        invitation.ends_at,
        invitation.status,
        shared,
    )


def preview_registration(
    kiosk: Kiosk, user: PortalUser, host_id: int, request: InvitationRequest
) -> InvitationPreview:
    require(user.role)
    return preview_for_host(kiosk, host_id, request)


def register_guest(
    kiosk: Kiosk, user: PortalUser, host_id: int, request: InvitationRequest
) -> InvitationMade:
    """Invites a guest of any active host, as entered by this staff member."""
    require(user.role)
    return invite_for_host(kiosk, host_id, request, Source.STAFF_ENTERED, user.actor)


def register_and_check_in(
    kiosk: Kiosk,
    user: PortalUser,
    host_id: int,
    request: InvitationRequest,
    print_at: str | None,
) -> CheckIn:
    """A guest at the desk now: registered for today from this minute (until the end the form
    gave, else the day's end) and checked in at once, as :func:`check_in_at_desk`."""
    _check_printer(kiosk, user, print_at)
    now = local_now(kiosk.site.timezone)
    from_now = replace(
        request, day=now.date(), start_time=now.time().replace(second=0, microsecond=0)
    )
    made = register_guest(kiosk, user, host_id, from_now)
    return check_in_at_desk(kiosk, user, made.id, print_at)
