"""The end every check-in shares, for an invited guest and a walk-in alike: the photo where the
site asks for one, the deny list, then, in the same transaction, the visit with its badge print
and the host's email, the consents the guest gave; or the reception alert that sends the guest
to reception instead (the guest is not told why; ``reason`` is for staff).
"""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import day_at
from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.privacy.registry import Intake, RetentionEvent
from kiosk.services.greeting import display_name
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.queue import alert_reception, queue_arrival, queue_badge
from kiosk.services.screening.deny_list import denied
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

KIOSK_NOTICE_VERSION = "kiosk-notice.1"
PHOTO_NOTICE_VERSION = "kiosk-photo-notice.1"
HERE = ""
"""Where a badge prints unless told otherwise: the printer of the kiosk checking the guest in."""
"""The photo screen's own notice, shown before the camera takes the guest's picture."""
NAME_FIELD, EMAIL_FIELD, PHOTO_FIELD = "visitor.name", "visitor.email", "visitor.photo"


@dataclass(frozen=True)
class ConsentGiven:
    """A box the guest ticked on the notice, with the exact words it carried."""

    purpose: str
    text_shown: str


@dataclass(frozen=True)
class GuestGives:
    """What the guest gave at the kiosk for one check-in, beyond their details."""

    photo: bytes | None = None
    language: str = "id"
    consents: tuple[ConsentGiven, ...] = ()
    chose_language: bool = False
    """The guest chose ``language`` at the kiosk (at the desk it is staff's): their badge, and
    what is sent to them later, then use it."""


@dataclass(frozen=True)
class Arriving:
    """A guest about to be admitted: found by their invitation, or just taken in as a walk-in."""

    guest: SubjectRecord
    held: dict
    """What is held about the guest, by field."""
    host_id: int
    visit_type: str
    intake: Intake
    invitation_id: int | None = None
    walk_in_key: str | None = None

    @property
    def display_name(self) -> str:
        return display_name(self.held)


def arriving_guest(
    uow: UnitOfWork,
    kiosk: Kiosk,
    guest: SubjectRecord,
    host_id: int,
    visit_type: str,
    intake: Intake,
    **found: object,
) -> Arriving:
    """The guest about to be admitted, with what is held about them now; ``found`` is their
    ``invitation_id`` or ``walk_in_key``."""
    held = kiosk.gateway.by_field(uow, guest)
    return Arriving(guest, held, host_id, visit_type, intake, **found)


@dataclass(frozen=True)
class CheckIn:
    """The result a kiosk shows: a badge, or "please see reception"."""

    visit: VisitRecord | None
    guest_display_name: str
    reason: str | None = None
    repeated: bool = False

    @property
    def badge(self) -> bool:
        return self.visit is not None


def photo_required(kiosk: Kiosk) -> bool:
    """Whether this site asks each guest for a photo (``privacy.enable = ["visitor.photo"]``)."""
    return kiosk.gateway.policy.field_enabled(kiosk.gateway.registry.fields[PHOTO_FIELD])


def capture_recorded(
    uow: UnitOfWork,
    kiosk: Kiosk,
    arriving: Arriving,
    field: str,
    value: object,
    source: Source,
    notice: Notice,
    actor: str | None = None,
) -> None:
    """Stores a value the kiosk records itself (an ID shown, the check's result, the photo),
    for the purpose the registry gives it at this visit."""
    purpose = kiosk.gateway.registry.purpose_for(field, arriving.intake, arriving.visit_type)
    capture = Capture(arriving.guest, field, value, purpose, source, actor or kiosk.actor, notice)
    kiosk.gateway.capture(uow, capture)


def admit(
    uow: UnitOfWork,
    kiosk: Kiosk,
    arriving: Arriving,
    gives: GuestGives,
    now: datetime,
    *,
    reason: str | None = None,
    admitted_by: str | None = None,
    print_at: str | None = HERE,
) -> CheckIn:
    """Ends the check-in and commits. ``reason`` already sends the guest to reception (an ID
    that did not match); ``admitted_by`` is the staff member who checked the guest, whose call
    the photo and the deny list then are; ``print_at`` is the kiosk whose printer prints the
    badge (this one by default; None: no badge)."""
    if gives.photo is not None:
        notice = Notice(PHOTO_NOTICE_VERSION, gives.language)
        capture_recorded(uow, kiosk, arriving, PHOTO_FIELD, gives.photo, Source.CAMERA, notice)
    elif reason is None and not admitted_by and photo_required(kiosk):
        reason = "no_photo"
    name = arriving.held.get(NAME_FIELD, "")
    if reason is None and not admitted_by and denied(uow, kiosk, arriving.guest, name, now):
        reason = "deny_list"
    if reason:
        _refuse(uow, kiosk, arriving, reason, now)
        uow.commit()
        return CheckIn(None, arriving.display_name, reason=reason)
    visit = uow.visits.add(
        kiosk.site.id,
        arriving.guest.id,
        arriving.host_id,
        arriving.invitation_id,
        arriving.visit_type,
        kiosk.settings.kiosk_id,
        day_at(now, kiosk.site.timezone),
        now,
        walk_in_key=arriving.walk_in_key,
    )
    if arriving.invitation_id is not None:
        uow.invitations.set_status(arriving.invitation_id, "checked_in")
    if print_at is not None:
        queue_badge(uow, kiosk, visit.id, now, at=print_at or None, new_visit=True)
    queue_arrival(uow, kiosk, visit, now)
    _record_consents(uow, kiosk, arriving, gives)
    uow.commit()
    return CheckIn(visit, arriving.display_name)


def _refuse(uow: UnitOfWork, kiosk: Kiosk, arriving: Arriving, reason: str, now: datetime) -> None:
    """Tells reception. A walk-in sent there will have no visit to end: the clock of what they
    gave starts now."""
    if arriving.invitation_id is None:
        kiosk.gateway.start_retention(uow, arriving.guest, RetentionEvent.VISIT_END, now)
    alert_reception(
        uow, kiosk, reason, now, subject_id=arriving.guest.id, invitation_id=arriving.invitation_id
    )


def _record_consents(uow: UnitOfWork, kiosk: Kiosk, arriving: Arriving, gives: GuestGives) -> None:
    """Records each consent, then holds the guest's email for that purpose too (if given)."""
    notice = Notice(KIOSK_NOTICE_VERSION, gives.language)
    email = arriving.held.get(EMAIL_FIELD)
    email_purposes = kiosk.gateway.registry.fields[EMAIL_FIELD].purposes
    for consent in gives.consents:
        kiosk.gateway.give_consent(
            uow,
            arriving.guest,
            consent.purpose,
            notice,
            consent.text_shown,
            Source.GUEST_TYPED,
            kiosk.actor,
        )
        if email and consent.purpose in email_purposes:
            capture = Capture(
                arriving.guest,
                EMAIL_FIELD,
                email,
                consent.purpose,
                Source.GUEST_TYPED,
                kiosk.actor,
                notice,
            )
            kiosk.gateway.capture(uow, capture)
