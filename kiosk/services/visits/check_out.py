"""Signing out: by the badge's QR token or today's badge number, and for everyone still in the
building at the end of the day. The clock of every value kept until the visit ends starts."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import day_at, utc_now
from kiosk.errors import NotFound
from kiosk.privacy.registry import RetentionEvent
from kiosk.services.bootstrap import Kiosk
from kiosk.services.lobby.arrival import display_name
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

LARGEST_NUMBER = 2**31 - 1
"""The largest number the database keeps: a larger badge number is nobody's."""


@dataclass(frozen=True)
class CheckOut:
    visit: VisitRecord
    guest_display_name: str
    already: bool


def check_out(kiosk: Kiosk, badge: str, *, now: datetime | None = None) -> CheckOut:
    """Closes the visit a badge's QR token (or today's badge number) names."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        visit = find_visit(uow, kiosk, badge, now)
        guest = uow.subjects.get(visit.guest_subject_id)
        name = display_name(kiosk.gateway.by_field(uow, guest))
        if visit.checked_out_at is not None:
            return CheckOut(visit, name, already=True)
        uow.visits.close(visit.id, now)
        kiosk.gateway.start_retention(uow, guest, RetentionEvent.VISIT_END, now)
        uow.commit()
        return CheckOut(uow.visits.get(kiosk.site.id, visit.id), name, already=False)


def find_visit(uow: UnitOfWork, kiosk: Kiosk, badge: str, now: datetime) -> VisitRecord:
    """The visit a badge's QR token, or today's badge number (``12`` or ``#12``), names."""
    badge = badge.strip()
    visit_id = kiosk.badge_tokens.id_of(badge)
    if visit_id is not None:
        visit = uow.visits.get(kiosk.site.id, visit_id)
    elif _badge_number(badge) is not None:
        day = day_at(now, kiosk.site.timezone)
        visit = uow.visits.by_badge(kiosk.site.id, day, _badge_number(badge))
    else:
        visit = None
    if visit is None:
        raise NotFound("this is not one of today's badges")
    return visit


def _badge_number(badge: str) -> int | None:
    """``12`` or ``#12`` as a number; None for anything else (``²``, a number too large)."""
    digits = badge.removeprefix("#")
    if not (digits.isascii() and digits.isdigit()) or int(digits) > LARGEST_NUMBER:
        return None
    return int(digits)


def auto_check_out(
    kiosk: Kiosk, *, now: datetime | None = None, begun_before: datetime | None = None
) -> int:
    """Closes every visit still open (that began before ``begun_before``, if given); returns
    how many."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        open_visits = [
            visit
            for visit in uow.visits.on_site(kiosk.site.id)
            if begun_before is None or visit.checked_in_at < begun_before
        ]
        for visit in open_visits:
            uow.visits.close(visit.id, now)
            guest = uow.subjects.get(visit.guest_subject_id)
            kiosk.gateway.start_retention(uow, guest, RetentionEvent.VISIT_END, now)
        uow.commit()
    return len(open_visits)
