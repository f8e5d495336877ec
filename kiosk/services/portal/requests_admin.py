"""``/admin/requests``: an admin works a data-subject request from the portal: finds the
person, downloads what is held about them, erases it (a guest in the building only when the
admin says so), holds it from purge and erasure, and releases the hold. Each is the command
line's service under the admin's name; a look-up is audited as a view of each person found.
The requests guests made themselves wait here with their clock, and are answered here."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import utc_now
from kiosk.errors import NotFound, RefusedInput
from kiosk.notify.privacy_emails import RequestAnswerEmail, compose_request_answer
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.gateway import Source
from kiosk.services.kiosk import Kiosk
from kiosk.services.mail_now import send_now
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import record_view
from kiosk.services.rights.requests import (
    LONGEST_HOLD_REASON,
    ErasureReport,
    Match,
    PersonQuery,
    erase_people,
    export_people,
    find_people,
    hold,
    match_of,
    release,
    restrict_processing,
    uphold_objection,
)
from kiosk.services.rights.self_service import KIND_WORDS, RequestKind, held_address
from kiosk.services.roles import Role, require
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.rights_repository import RequestRecord
from kiosk.store.unit_of_work import UnitOfWork


def look_up(kiosk: Kiosk, user: PortalUser, query: PersonQuery) -> list[Match]:
    """Everyone the request names, as the admin checks them before acting."""
    require(user.role, Role.ADMIN)
    with kiosk.unit_of_work() as uow:
        people = find_people(uow, kiosk, query)
        matches = [match_of(uow, kiosk, subject) for subject in people]
        for subject in people:
            record_view(uow, kiosk, user.actor, "request", subject.reference)
        uow.commit()
    return matches


def export_for(kiosk: Kiosk, user: PortalUser, query: PersonQuery) -> dict:
    require(user.role, Role.ADMIN)
    return export_people(kiosk, query, user.actor)


def erase_for(kiosk: Kiosk, user: PortalUser, query: PersonQuery, force: bool) -> ErasureReport:
    """Erases the people the query names; a guest's own request it came from is done."""
    require(user.role, Role.ADMIN)
    address = _address_of_request(kiosk, query.request) if query.request is not None else None
    report = erase_people(kiosk, query, user.actor, force=force)
    if query.request is not None:
        answer_request(kiosk, user, query.request, DONE, None, address=address)
    return report


def hold_for(
    kiosk: Kiosk, user: PortalUser, query: PersonQuery, reason: str, until: datetime
) -> int:
    require(user.role, Role.ADMIN)
    return hold(kiosk, query, reason, until, user.actor)


def release_for(kiosk: Kiosk, user: PortalUser, query: PersonQuery) -> int:
    require(user.role, Role.ADMIN)
    return release(kiosk, query, user.actor)


DONE, REFUSED = "done", "refused"


@dataclass(frozen=True)
class GuestRequest:
    """A request a guest made themselves, as the desk works it: with whom it names now."""

    id: int
    kind: str
    field: str | None
    """What a correction is about, in the reader's words."""
    proved_at: datetime
    due_at: datetime
    name: str
    """Empty once the person is erased."""
    on_site: bool
    held: bool


def guest_requests(kiosk: Kiosk, user: PortalUser, language: str) -> list[GuestRequest]:
    """The requests not answered yet, the oldest (the most urgent) first; audited."""
    require(user.role, Role.ADMIN)
    with kiosk.unit_of_work() as uow:
        found = [
            _as_worked(uow, kiosk, asked, language)
            for asked in uow.rights.requests(kiosk.site.id, open_only=True)
        ]
        record_view(uow, kiosk, user.actor, f"guest_requests:{len(found)}")
        uow.commit()
    return found


def guest_request(
    kiosk: Kiosk, user: PortalUser, request_id: int, language: str
) -> GuestRequest | None:
    """One open request, as the desk answers it; None once answered."""
    require(user.role, Role.ADMIN)
    with kiosk.unit_of_work() as uow:
        asked = uow.rights.get(kiosk.site.id, request_id)
        if asked is None or asked.answered_at is not None:
            return None
        return _as_worked(uow, kiosk, asked, language)


def _as_worked(uow: UnitOfWork, kiosk: Kiosk, asked: RequestRecord, language: str) -> GuestRequest:
    registry = kiosk.gateway.registry
    binding = registry.fields.get(asked.field or "")
    subject = uow.subjects.by_reference(asked.subject_ref)
    match = match_of(uow, kiosk, subject) if subject else None
    return GuestRequest(
        asked.id,
        asked.kind,
        registry.text(binding.label, language) if binding else None,
        asked.proved_at,
        asked.due_at,
        match.name if match else "",
        bool(match and match.on_site_visit),
        bool(match and match.held_until),
    )


def _carry_out(
    uow: UnitOfWork,
    kiosk: Kiosk,
    user: PortalUser,
    asked: RequestRecord,
    subject: SubjectRecord,
    value: str | None,
) -> None:
    """What a request done changes in the data (an erasure is done by :func:`erase_for`)."""
    if asked.kind == RequestKind.OBJECTION:
        uphold_objection(uow, kiosk, subject, user.actor)
    elif asked.kind == RequestKind.RESTRICTION:
        restrict_processing(uow, kiosk, subject, user.actor)
    elif asked.kind == RequestKind.CORRECTION:
        if not (value or "").strip():
            raise RefusedInput("correction_value", "type the corrected value you checked")
        kiosk.gateway.correct(uow, subject, asked.field, value, Source.STAFF_ENTERED, user.actor)


def _address(uow: UnitOfWork, kiosk: Kiosk, reference: str) -> str | None:
    """The email the site holds for the person of ``reference``; None once erased."""
    return held_address(uow, kiosk, uow.subjects.by_reference(reference))


def _address_of_request(kiosk: Kiosk, request_id: int) -> str | None:
    with kiosk.unit_of_work() as uow:
        asked = uow.rights.get(kiosk.site.id, request_id)
        return _address(uow, kiosk, asked.subject_ref) if asked else None


def answer_request(
    kiosk: Kiosk,
    user: PortalUser,
    request_id: int,
    outcome: str,
    reason: str | None,
    *,
    address: str | None = None,
    value: str | None = None,
) -> None:
    """Answers an open request ``done`` or ``refused``; a refusal says why (the law it rests
    on, no names). Done, an objection is upheld, processing restricted, or a correction made
    with ``value`` (what staff checked). Audited under the admin's name, and told to the
    person at the email the site holds (``address``: the one it held before an erasure)."""
    require(user.role, Role.ADMIN)
    reason = (reason or "").strip() or None
    if (outcome == REFUSED and reason is None) or len(reason or "") > LONGEST_HOLD_REASON:
        raise RefusedInput("answer_reason", "a refusal says why, in up to 200 characters")
    with kiosk.unit_of_work() as uow:
        asked = uow.rights.get(kiosk.site.id, request_id)
        if asked is None or asked.answered_at is not None:
            raise NotFound("no such open request", reason="no_page")
        address = address or _address(uow, kiosk, asked.subject_ref)
        subject = uow.subjects.by_reference(asked.subject_ref)
        if outcome == DONE and subject is not None:
            _carry_out(uow, kiosk, user, asked, subject, value)
        uow.rights.answer(request_id, outcome, reason, utc_now())
        detail = f"{asked.kind} {outcome} (request {request_id}; its reason is kept with it)"
        event = AuditEvent(
            AuditAction.PRIVACY_REQUEST, user.actor, asked.subject_ref, detail=detail
        )
        kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
    if address:
        answer = RequestAnswerEmail(
            language=asked.language,
            email=address,
            site_name=kiosk.site.name,
            asked=KIND_WORDS[asked.kind],
            answer=outcome,
            reason=reason,
            contact=kiosk.gateway.registry.controller.email,
            mail_from=kiosk.settings.mail_from,
        )
        send_now(kiosk, compose_request_answer(answer, utc_now()), "a request's answer")
