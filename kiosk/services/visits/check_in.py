"""Checking in a guest an invitation names: one transaction that verifies what the site asks,
and admits the guest (see :mod:`kiosk.services.visits.admission`).

A check-in is idempotent: the same invitation scanned twice on a day gives one visit and one
badge, also when two kiosks take it at the same moment (the database keeps one visit per
invitation and day, and the loser of the race reads the winner's). A multi-day invitation
gives a visit, and a badge, on each day of its window.
"""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import day_at, utc_now
from kiosk.errors import WriteConflict
from kiosk.privacy.field_kinds import normalise
from kiosk.privacy.gateway import Notice, Source
from kiosk.privacy.registry import Intake
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.invitations.validity import usable_invitation
from kiosk.services.kiosk import Kiosk
from kiosk.services.visits.admission import (
    HERE,
    KIOSK_NOTICE_VERSION,
    Arriving,
    CheckIn,
    ConsentGiven,
    GuestGives,
    admit,
    arriving_guest,
    capture_recorded,
)
from kiosk.store.unit_of_work import UnitOfWork

ATTEMPTS = 3
ID_TYPE, ID_LAST4, RESULT = "visitor.id_type", "visitor.id_last4", "visitor.verification_result"
LANGUAGE = "visitor.language"


@dataclass(frozen=True)
class StaffAdmission:
    """A staff member who checked the guest themselves, and the alert they answered, if any."""

    actor: str
    alert_id: int | None = None


@dataclass(frozen=True)
class IdShown:
    """What a guest gives when the site asks to verify: the ID's type and last 4 characters."""

    id_type: str
    last4: str


def check_in(
    kiosk: Kiosk,
    invitation_id: int,
    *,
    shown: IdShown | None = None,
    photo: bytes | None = None,
    language: str | None = None,
    consents: tuple[ConsentGiven, ...] = (),
    now: datetime | None = None,
    admitted_by: str | None = None,
    answering: int | None = None,
    print_at: str | None = HERE,
) -> CheckIn:
    """Checks in the guest of invitation ``invitation_id``; refusals are InvitationErrors with
    reasons. ``photo`` is the guest's picture (JPEG or PNG) where the site asks for one; without it
    such a site sends the guest to reception. ``admitted_by`` is the staff member who checked
    the guest at reception: the kiosk's own verification and the deny list are then theirs to
    have decided; ``answering`` is the reception alert they admit the guest from, closed in the
    same transaction. ``print_at`` is the kiosk whose printer prints the badge (this one by
    default; None: no badge, as staff checking a guest in at the desk may choose)."""
    now = now or utc_now()
    gives = GuestGives(
        photo, language or kiosk.settings.language, consents, chose_language=bool(language)
    )
    staff = StaffAdmission(admitted_by, answering) if admitted_by else None
    for _ in range(ATTEMPTS):
        try:
            return _check_in_once(kiosk, invitation_id, shown, gives, now, staff, print_at)
        except WriteConflict:
            continue
    raise WriteConflict("the kiosk is very busy; please try again", reason="busy")


def _check_in_once(
    kiosk: Kiosk,
    invitation_id: int,
    shown: IdShown | None,
    gives: GuestGives,
    now: datetime,
    staff: StaffAdmission | None,
    print_at: str | None,
) -> CheckIn:
    with kiosk.unit_of_work() as uow:
        found = uow.invitations.get(kiosk.site.id, invitation_id)
        invitation = usable_invitation(uow, kiosk, found, now, used_ok=True)
        guest = uow.subjects.get(invitation.guest_subject_id)
        where = (invitation.host_id, invitation.visit_type, Intake.INVITATION)
        arriving = arriving_guest(uow, kiosk, guest, *where, invitation_id=invitation.id)
        existing = uow.visits.of_invitation(invitation.id, day_at(now, kiosk.site.timezone))
        if existing is not None and staff is None:
            return CheckIn(existing, arriving.display_name, repeated=True)
        # Only a write waits for the site's lock: a badge scanned again, at this kiosk or
        # another, reads its visit without queueing behind the others' check-ins. A visit
        # another kiosk makes from here on is refused by the database (one an invitation a
        # day), and the check-in is tried again: it then finds it above.
        uow.lock_site(kiosk.site.id)
        if staff and staff.alert_id is not None:
            uow.alerts.resolve(kiosk.site.id, staff.alert_id, staff.actor, now)
        if existing is not None:
            uow.commit()
            return CheckIn(existing, arriving.display_name, repeated=True)
        admitted_by = staff.actor if staff else None
        if admitted_by:
            notice = Notice(KIOSK_NOTICE_VERSION, kiosk.settings.language)
            capture_recorded(
                uow,
                kiosk,
                arriving,
                RESULT,
                "staff_verified",
                Source.STAFF_ENTERED,
                notice,
                admitted_by,
            )
            reason = None
        else:
            reason = _verify(uow, kiosk, arriving, shown, gives.language)
        if gives.chose_language:
            _keep_language(uow, kiosk, arriving, gives.language)
        return admit(
            uow,
            kiosk,
            arriving,
            gives,
            now,
            reason=reason,
            admitted_by=admitted_by,
            print_at=print_at,
        )


def _keep_language(uow: UnitOfWork, kiosk: Kiosk, arriving: Arriving, language: str) -> None:
    """The language the guest chose at the kiosk replaces the one their host gave: their
    badge is printed in it."""
    if arriving.held.get(LANGUAGE) == language:
        return
    notice = Notice(KIOSK_NOTICE_VERSION, language)
    capture_recorded(uow, kiosk, arriving, LANGUAGE, language, Source.GUEST_TYPED, notice)


def _verify(
    uow: UnitOfWork, kiosk: Kiosk, arriving: Arriving, shown: IdShown | None, language: str
) -> str | None:
    """Captures what the guest showed as the site's mode asks; a reason to see staff, or None.
    An ID is matched only against what a host or staff registered: what a guest typed, here or
    at an earlier visit, is never what the next answer is checked against."""
    mode = kiosk.settings.verification
    if mode == "none":
        return None
    if mode == "staff":
        return AlertReason.STAFF_CHECK
    if shown is None:
        return AlertReason.NO_ID_SHOWN
    notice = Notice(KIOSK_NOTICE_VERSION, language)
    if mode == "id_match":
        expected = kiosk.gateway.registered(uow, arriving.guest, ID_LAST4)
        if expected is None:
            return AlertReason.NO_ID_TO_MATCH
        given = normalise(kiosk.gateway.registry.fields[ID_LAST4], shown.last4)
        result = "matched" if given == expected else "mismatch"
        capture_recorded(uow, kiosk, arriving, RESULT, result, Source.GUEST_TYPED, notice)
        return None if result == "matched" else AlertReason.ID_MISMATCH
    capture_recorded(uow, kiosk, arriving, ID_TYPE, shown.id_type, Source.GUEST_TYPED, notice)
    capture_recorded(uow, kiosk, arriving, ID_LAST4, shown.last4, Source.GUEST_TYPED, notice)
    return None
