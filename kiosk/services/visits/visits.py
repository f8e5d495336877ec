"""Check-in, walk-in and check-out: each one transaction that captures what the guest gives
through the gateway, records the visit, and queues the badge print and the host's email.

A check-in is idempotent: the same invitation scanned twice gives one visit and one badge,
also when two kiosks take it at the same moment (the database keeps one visit per
invitation, and the loser of the race reads the winner's).
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.clock import utc_now
from kiosk.errors import InvitationError, NotFound, WriteConflict
from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.privacy.registry import RetentionEvent, Subject
from kiosk.privacy.values import normalise
from kiosk.services.bootstrap import Kiosk
from kiosk.services.directory.hosts import host_view
from kiosk.services.lobby.arrival import shortened, usable_invitation
from kiosk.services.reception.deny_list import denied
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

KIOSK_NOTICE_VERSION = "kiosk-notice.1"
PHOTO_NOTICE_VERSION = "kiosk-photo-notice.1"
"""The photo screen's own notice, shown before the camera takes the guest's picture."""
BADGE_TEMPLATE, ARRIVAL_TEMPLATE = "badge", "arrival"
ATTEMPTS = 3


@dataclass(frozen=True)
class ConsentGiven:
    """A box the guest ticked on the notice, with the exact words it carried."""

    purpose: str
    text_shown: str


def _record_consents(
    uow: UnitOfWork,
    kiosk: Kiosk,
    guest: SubjectRecord,
    consents: tuple[ConsentGiven, ...],
    email: str | None,
    language: str,
) -> None:
    """Records each consent, then holds the guest's email for that purpose too (if given)."""
    notice = Notice(KIOSK_NOTICE_VERSION, language)
    email_purposes = kiosk.gateway.registry.fields["visitor.email"].purposes
    for consent in consents:
        kiosk.gateway.give_consent(
            uow, guest, consent.purpose, notice, consent.text_shown, Source.GUEST_TYPED, kiosk.actor
        )
        if email and consent.purpose in email_purposes:
            kiosk.gateway.capture(
                uow,
                Capture(
                    guest,
                    "visitor.email",
                    email,
                    consent.purpose,
                    Source.GUEST_TYPED,
                    kiosk.actor,
                    notice,
                ),
            )


@dataclass(frozen=True)
class IdShown:
    """What a guest gives when the site asks to verify: the ID's type and last 4 characters."""

    id_type: str
    last4: str


@dataclass(frozen=True)
class CheckIn:
    """The result a kiosk shows: a badge, or "please see reception" (the guest is not told why;
    ``reason`` is for staff)."""

    visit: VisitRecord | None
    guest_display_name: str
    reason: str | None = None
    repeated: bool = False

    @property
    def badge(self) -> bool:
        return self.visit is not None


def _site_day(kiosk: Kiosk, at: datetime):
    return at.astimezone(ZoneInfo(kiosk.site.timezone)).date()


def _queue_visit_jobs(uow: UnitOfWork, kiosk: Kiosk, visit: VisitRecord, now: datetime) -> None:
    site = kiosk.site.id
    uow.outbox.enqueue(site, "print", BADGE_TEMPLATE, visit.id, f"badge:{visit.id}:1", now)
    uow.outbox.enqueue(site, "email", ARRIVAL_TEMPLATE, visit.id, f"arrival:{visit.id}", now)


def _verify(
    uow: UnitOfWork,
    kiosk: Kiosk,
    guest: SubjectRecord,
    held: dict,
    shown: IdShown | None,
    language: str,
) -> str | None:
    """Captures what the guest showed as the site's mode asks; a reason to see staff, or None.
    ``held`` is what is already held about the guest by field (the host may have entered an
    ID)."""
    mode = kiosk.settings.verification
    if mode == "none":
        return None
    if mode == "staff":
        return "staff_check"
    if shown is None:
        return "no_id_shown"
    notice = Notice(KIOSK_NOTICE_VERSION, language)

    def capture(field: str, value: str) -> None:
        kiosk.gateway.capture(
            uow,
            Capture(
                guest, field, value, "visitor-verification", Source.GUEST_TYPED, kiosk.actor, notice
            ),
        )

    capture("visitor.id_type", shown.id_type)
    capture("visitor.id_last4", shown.last4)
    if mode != "id_match":
        return None
    expected = held.get("visitor.id_last4")
    given = normalise(kiosk.gateway.registry.fields["visitor.id_last4"], shown.last4)
    result = "matched" if expected is not None and given == expected else "mismatch"
    capture("visitor.verification_result", result)
    return None if result == "matched" else "id_mismatch"


@dataclass(frozen=True)
class GuestGives:
    """What the guest gave at the kiosk for one check-in."""

    shown: IdShown | None
    photo: bytes | None
    language: str
    consents: tuple[ConsentGiven, ...]


def photo_required(kiosk: Kiosk) -> bool:
    """Whether this site asks each guest for a photo (``privacy.enable = ["visitor.photo"]``)."""
    return kiosk.gateway.policy.field_enabled(kiosk.gateway.registry.fields["visitor.photo"])


def _capture_photo(
    uow: UnitOfWork, kiosk: Kiosk, guest: SubjectRecord, photo: bytes, language: str
) -> None:
    notice = Notice(PHOTO_NOTICE_VERSION, language)
    capture = Capture(
        guest, "visitor.photo", photo, "visitor-verification", Source.CAMERA, kiosk.actor, notice
    )
    kiosk.gateway.capture(uow, capture)


def check_in(
    kiosk: Kiosk,
    scanned: str,
    *,
    shown: IdShown | None = None,
    photo: bytes | None = None,
    language: str = "id",
    consents: tuple[ConsentGiven, ...] = (),
    now: datetime | None = None,
    admitted_by: str | None = None,
) -> CheckIn:
    """Checks in the guest an invitation names; refusals are InvitationErrors with reasons.
    ``photo`` is the guest's picture (JPEG or PNG) where the site asks for one; without it
    such a site sends the guest to reception. ``admitted_by`` is the staff member who checked
    the guest at reception: the kiosk's own verification and the deny list are then theirs to
    have decided."""
    now = now or utc_now()
    guest_gives = GuestGives(shown, photo, language, consents)
    for _ in range(ATTEMPTS):
        try:
            return _check_in_once(kiosk, scanned, guest_gives, now, admitted_by)
        except WriteConflict:
            continue
    raise WriteConflict("the kiosk is very busy; please try again")


def _staff_verified(uow: UnitOfWork, kiosk: Kiosk, guest: SubjectRecord, staff: str) -> None:
    notice = Notice(KIOSK_NOTICE_VERSION, kiosk.settings.language)
    capture = Capture(
        guest,
        "visitor.verification_result",
        "staff_verified",
        "visitor-verification",
        Source.STAFF_ENTERED,
        staff,
        notice,
    )
    kiosk.gateway.capture(uow, capture)


def _check_in_once(
    kiosk: Kiosk, scanned: str, gives: GuestGives, now: datetime, admitted_by: str | None
) -> CheckIn:
    with kiosk.unit_of_work() as uow:
        uow.lock_site(kiosk.site.id)
        invitation = usable_invitation(uow, kiosk, scanned, now, used_ok=True)
        guest = uow.subjects.get(invitation.guest_subject_id)
        held = kiosk.gateway.by_field(uow, guest)
        name = held["visitor.name"]
        existing = uow.visits.of_invitation(invitation.id)
        if existing is not None:
            return CheckIn(existing, shortened(name), repeated=True)
        if admitted_by:
            _staff_verified(uow, kiosk, guest, admitted_by)
            reason = None
        else:
            reason = _verify(uow, kiosk, guest, held, gives.shown, gives.language)
        if gives.photo is not None:
            _capture_photo(uow, kiosk, guest, gives.photo, gives.language)
        elif reason is None and not admitted_by and photo_required(kiosk):
            reason = "no_photo"
        if reason is None and not admitted_by and denied(uow, kiosk, guest, name, now):
            reason = "deny_list"
        if reason:
            uow.alerts.raise_alert(
                kiosk.site.id,
                kiosk.settings.kiosk_id,
                reason,
                now,
                subject_id=guest.id,
                invitation_id=invitation.id,
            )
            uow.commit()
            return CheckIn(None, shortened(name), reason=reason)
        visit = uow.visits.add(
            kiosk.site.id,
            guest.id,
            invitation.host_id,
            invitation.id,
            invitation.visit_type,
            kiosk.settings.kiosk_id,
            _site_day(kiosk, now),
            now,
        )
        uow.invitations.set_status(invitation.id, "checked_in")
        _queue_visit_jobs(uow, kiosk, visit, now)
        _record_consents(
            uow, kiosk, guest, gives.consents, held.get("visitor.email"), gives.language
        )
        uow.commit()
    return CheckIn(visit, shortened(name))


@dataclass(frozen=True)
class WalkIn:
    name: str
    host_id: int
    visit_type: str = "meeting"
    phone: str | None = None
    email: str | None = None
    company: str | None = None
    language: str = "id"
    consents: tuple[ConsentGiven, ...] = ()
    photo: bytes | None = None
    walk_in_key: str | None = None
    """The kiosk's random key for this walk-in: the same key again (a step retried after the
    connection dropped) gives the visit already made, not a second one."""


def walk_in(kiosk: Kiosk, guest: WalkIn, *, now: datetime | None = None) -> CheckIn:
    """A guest without an invitation, who typed their details and chose their host."""
    now = now or utc_now()
    registry = kiosk.gateway.registry
    if guest.visit_type not in registry.visit_types:
        raise InvitationError("visit_type", f"unknown kind of visit '{guest.visit_type}'")
    notice = Notice(KIOSK_NOTICE_VERSION, guest.language)
    values = {
        "visitor.name": guest.name,
        "visitor.phone": guest.phone,
        "visitor.email": guest.email,
        "visitor.company": guest.company,
    }
    with kiosk.unit_of_work() as uow:
        uow.lock_site(kiosk.site.id)
        made = uow.visits.of_walk_in(guest.walk_in_key) if guest.walk_in_key else None
        if made is not None:
            held = kiosk.gateway.by_field(uow, uow.subjects.get(made.guest_subject_id))
            return CheckIn(made, shortened(held["visitor.name"]), repeated=True)
        host = uow.hosts.get(guest.host_id)
        if host is None or not host.active:
            raise NotFound("no such host in the directory")
        subject = uow.subjects.create(kiosk.site.id, Subject.VISITOR)
        for field, value in values.items():
            if not value:
                continue
            purpose = registry.purpose_for_visit(field, guest.visit_type)
            if purpose is None:
                raise InvitationError("not_for_visit", f"{field} is not asked for this visit")
            kiosk.gateway.capture(
                uow,
                Capture(subject, field, value, purpose, Source.GUEST_TYPED, kiosk.actor, notice),
            )
        if guest.photo is not None:
            _capture_photo(uow, kiosk, subject, guest.photo, guest.language)
        reason = "no_photo" if guest.photo is None and photo_required(kiosk) else None
        if reason is None and denied(uow, kiosk, subject, guest.name, now):
            reason = "deny_list"
        if reason:
            kiosk.gateway.start_retention(uow, subject, RetentionEvent.VISIT_END, now)
            uow.alerts.raise_alert(
                kiosk.site.id, kiosk.settings.kiosk_id, reason, now, subject_id=subject.id
            )
            uow.commit()
            return CheckIn(None, shortened(guest.name.strip()), reason=reason)
        kiosk.gateway.capture(
            uow,
            Capture(
                subject,
                "visitor.language",
                guest.language,
                "visitor-communications",
                Source.GUEST_TYPED,
                kiosk.actor,
                notice,
            ),
        )
        visit = uow.visits.add(
            kiosk.site.id,
            subject.id,
            host.id,
            None,
            guest.visit_type,
            kiosk.settings.kiosk_id,
            _site_day(kiosk, now),
            now,
            walk_in_key=guest.walk_in_key,
        )
        _queue_visit_jobs(uow, kiosk, visit, now)
        _record_consents(uow, kiosk, subject, guest.consents, guest.email, guest.language)
        name = kiosk.gateway.by_field(uow, subject)["visitor.name"]
        uow.commit()
    return CheckIn(visit, shortened(name))


@dataclass(frozen=True)
class CheckOut:
    visit: VisitRecord
    guest_display_name: str
    already: bool


def check_out(kiosk: Kiosk, badge: str, *, now: datetime | None = None) -> CheckOut:
    """Closes the visit a badge's QR token (or today's badge number) names, and starts the
    clock of every value kept until the end of the visit."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        visit = find_visit(uow, kiosk, badge, now)
        guest = uow.subjects.get(visit.guest_subject_id)
        name = kiosk.gateway.by_field(uow, guest)["visitor.name"]
        if visit.checked_out_at is not None:
            return CheckOut(visit, shortened(name), already=True)
        uow.visits.close(visit.id, now)
        kiosk.gateway.start_retention(uow, guest, RetentionEvent.VISIT_END, now)
        uow.commit()
        return CheckOut(uow.visits.get(kiosk.site.id, visit.id), shortened(name), already=False)


def find_visit(uow: UnitOfWork, kiosk: Kiosk, badge: str, now: datetime) -> VisitRecord:
    """The visit a badge's QR token, or today's badge number (``12`` or ``#12``), names."""
    badge = badge.strip()
    visit_id = kiosk.badge_tokens.id_of(badge)
    if visit_id is not None:
        visit = uow.visits.get(kiosk.site.id, visit_id)
    elif badge.lstrip("#").isdigit():
        visit = uow.visits.by_badge(kiosk.site.id, _site_day(kiosk, now), int(badge.lstrip("#")))
    else:
        visit = None
    if visit is None:
        raise NotFound("this is not one of today's badges")
    return visit


def auto_check_out(kiosk: Kiosk, *, now: datetime | None = None) -> int:
    """Closes every visit still open (at the end of the day); returns how many."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        open_visits = uow.visits.on_site(kiosk.site.id)
        for visit in open_visits:
            uow.visits.close(visit.id, now)
            guest = uow.subjects.get(visit.guest_subject_id)
            kiosk.gateway.start_retention(uow, guest, RetentionEvent.VISIT_END, now)
        uow.commit()
    return len(open_visits)


@dataclass(frozen=True)
class OnSite:
    """A guest in the building, for staff and the roll call."""

    visit_id: int
    badge_number: int
    guest_name: str
    host_name: str
    since: datetime


def on_site(kiosk: Kiosk) -> list[OnSite]:
    guests = []
    with kiosk.unit_of_work() as uow:
        for visit in uow.visits.on_site(kiosk.site.id):
            guest = uow.subjects.get(visit.guest_subject_id)
            name = kiosk.gateway.by_field(uow, guest)["visitor.name"]
            host = host_view(uow, kiosk, uow.hosts.get(visit.host_id))
            guests.append(
                OnSite(visit.id, visit.badge_number, name, host.name, visit.checked_in_at)
            )
    return guests
