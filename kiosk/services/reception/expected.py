"""Who is expected on a day: the list reception works from (staff only)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.services.invitations.invite import day_bounds
from kiosk.services.kiosk import Kiosk
from kiosk.services.reception.search import folded
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord


@dataclass(frozen=True)
class ExpectedGuest:
    invitation_id: int
    guest_name: str
    host_name: str
    starts_at: datetime
    ends_at: datetime
    visit_type: str
    status: str
    short_code: str
    company: str = ""


SHOWN_FIELDS = ("visitor.name", "visitor.company", "member.name")
"""What the list shows of a guest and their host: nothing else is decrypted."""
STATUSES = ("expected", "on_site", "signed_out", "cancelled")
"""A guest's state on the day, in the order the desk works through them."""
ORDERS: dict[str, Callable[[ExpectedGuest], object]] = {
    "time": lambda guest: (guest.starts_at, folded(guest.guest_name)),
    "guest": lambda guest: folded(guest.guest_name),
    "company": lambda guest: (not guest.company, folded(guest.company)),
    "host": lambda guest: (folded(guest.host_name), guest.starts_at),
    "status": lambda guest: (STATUSES.index(guest.status), guest.starts_at),
}
"""The columns the desk may sort the day's list by (a guest with no company comes last)."""


def in_order(guests: list[ExpectedGuest], column: str) -> list[ExpectedGuest]:
    """The list sorted by ``column``, one of :data:`ORDERS`."""
    return sorted(guests, key=ORDERS[column])


def _status(invitation_status: str, visit: VisitRecord | None) -> str:
    """Where the guest is on the day: from the day's visit, not the invitation (which a
    multi-day guest uses on several days)."""
    if visit is not None:
        return "signed_out" if visit.checked_out_at else "on_site"
    return "cancelled" if invitation_status == "cancelled" else "expected"


def expected_guests(kiosk: Kiosk, day: date) -> list[ExpectedGuest]:
    """Everyone invited for ``day``, with where they are: expected, on site, signed out, or
    cancelled. A fixed number of queries however many guests, and only the values shown are
    decrypted."""
    with kiosk.unit_of_work() as uow:
        return expected_in(uow, kiosk, day)


def expected_in(uow: UnitOfWork, kiosk: Kiosk, day: date) -> list[ExpectedGuest]:
    """:func:`expected_guests` in the caller's unit of work."""
    start, end = day_bounds(day, kiosk.site.timezone)
    invitations = uow.invitations.overlapping(kiosk.site.id, start, end)
    visits = uow.visits.of_invitations_on([i.id for i in invitations], day)
    hosts = {host.id: host for host in uow.hosts.get_many(i.host_id for i in invitations)}
    subject_ids = [i.guest_subject_id for i in invitations]
    subject_ids += [host.subject_id for host in hosts.values()]
    held = kiosk.gateway.shown_of(uow, subject_ids, SHOWN_FIELDS)
    return [
        ExpectedGuest(
            invitation_id=invitation.id,
            guest_name=held.get(invitation.guest_subject_id, {}).get("visitor.name", ""),
            host_name=held.get(hosts[invitation.host_id].subject_id, {}).get("member.name", ""),
            starts_at=invitation.starts_at,
            ends_at=invitation.ends_at,
            visit_type=invitation.visit_type,
            status=_status(invitation.status, visits.get(invitation.id)),
            short_code=kiosk.tokens.short_code(invitation.code_nonce),
            company=held.get(invitation.guest_subject_id, {}).get("visitor.company", ""),
        )
        for invitation in invitations
    ]
