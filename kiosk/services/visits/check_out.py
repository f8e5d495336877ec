"""Signing out: a visit, and everyone still in the building at the end of the day. The clock of
every value kept until the visit ends starts. A badge's QR token or today's badge number is
read where it arrives (:func:`visit_named`); past it, use cases take the visit's id."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import day_at, utc_now
from kiosk.errors import NotFound
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.registry import RetentionEvent
from kiosk.services.greeting import NAME_FIELD, display_name
from kiosk.services.kiosk import Kiosk
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

LARGEST_NUMBER = 2**31 - 1
"""The largest number the database keeps: a larger badge number is nobody's."""


@dataclass(frozen=True)
class CheckOut:
    visit: VisitRecord
    guest_display_name: str
    already: bool


def check_out(
    kiosk: Kiosk, visit_id: int, *, now: datetime | None = None, by_staff: str | None = None
) -> CheckOut:
    """Closes the visit; ``by_staff`` is the staff member who signs the guest out (audited
    with the sign-out, in its transaction). NotFound for a visit that is not the site's."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        done = close_visit(uow, kiosk, visit_id, now, by_staff)
        uow.commit()
    return done


def close_visit(
    uow: UnitOfWork, kiosk: Kiosk, visit_id: int, now: datetime, by_staff: str | None = None
) -> CheckOut:
    """:func:`check_out` in the caller's unit of work."""
    visit, guest, held = _visit_and_guest(uow, kiosk, visit_id)
    name = display_name(held)
    if visit.checked_out_at is not None:
        return CheckOut(visit, name, already=True)
    uow.visits.close(visit.id, now)
    kiosk.gateway.start_retention(uow, guest, RetentionEvent.VISIT_END, now)
    if by_staff:
        event = AuditEvent(AuditAction.SIGNED_OUT_BY_STAFF, by_staff, guest.reference)
        kiosk.audit.record(uow, kiosk.site.id, event)
    return CheckOut(uow.visits.get(kiosk.site.id, visit.id), name, already=False)


def guest_of_visit(kiosk: Kiosk, visit_id: int) -> str:
    """The visit's badge number and its guest's name, as the on-site list shows them
    (NotFound as :func:`check_out`): whom staff are asked about before they sign out."""
    with kiosk.unit_of_work() as uow:
        visit, _, held = _visit_and_guest(uow, kiosk, visit_id)
    return f"#{visit.badge_number} {held.get(NAME_FIELD, '')}".strip()


def _visit_and_guest(
    uow: UnitOfWork, kiosk: Kiosk, visit_id: int
) -> tuple[VisitRecord, SubjectRecord, dict]:
    visit = uow.visits.get(kiosk.site.id, visit_id)
    if visit is None:
        raise NotFound("this is not one of today's badges", reason="unknown_badge")
    guest = uow.subjects.get(visit.guest_subject_id)
    return visit, guest, kiosk.gateway.by_field(uow, guest)


def visit_named(kiosk: Kiosk, badge: str, now: datetime | None = None) -> int:
    """The id of the visit a badge's QR token, or today's badge number (``12`` or ``#12``),
    names: where a badge typed at the command line is read. NotFound when it names none."""
    badge = badge.strip()
    visit_id = kiosk.badge_tokens.id_of(badge)
    number = None if visit_id is not None else _badge_number(badge)
    visit = None
    with kiosk.unit_of_work() as uow:
        if visit_id is not None:
            visit = uow.visits.get(kiosk.site.id, visit_id)
        elif number is not None:
            day = day_at(now or utc_now(), kiosk.site.timezone)
            visit = uow.visits.by_badge(kiosk.site.id, day, number)
    if visit is None:
        raise NotFound("this is not one of today's badges", reason="unknown_badge")
    return visit.id


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
