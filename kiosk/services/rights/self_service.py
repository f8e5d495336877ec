"""A guest uses their rights themselves, on the portal's ``/privacy``: proved by a single-use
link sent to an email address the site holds (or, where the site texts guests, a code sent to
a phone number it holds), they see and download what is held, withdraw a consent (at once),
correct what they typed (at once; what was checked, staff correct) and ask for erasure,
restriction or an objection, which staff decide within 3 x 24 hours (UU PDP Pasal 30-41; the
GDPR's month is longer).

Asking is the same, in answer and in work before it, whether the site holds the address or
number or not: the link or code is made and sent after the answer. Asks are counted in the
database per network address and per address or number asked for, so every portal worker
counts the same. A code opens only in the browser that asked for it (with the token that
browser was given), five tries at most.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import utc_now
from kiosk.errors import CaptureRefused, KioskError, NotFound
from kiosk.notify.channels import Delivery, send_message
from kiosk.notify.chat_messages import PrivacyCodeMessage, privacy_code_message
from kiosk.notify.privacy_emails import PrivacyLinkEmail, compose_privacy_link
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.field_kinds import normalise
from kiosk.privacy.gateway import Source
from kiosk.privacy.registry import VISIT_INTAKES
from kiosk.services.directory.hosts import email_key
from kiosk.services.kiosk import Kiosk
from kiosk.services.mail_now import send_now
from kiosk.services.outbox.messages import phone_address
from kiosk.services.rights.requests import (
    EMAIL_FIELDS,
    PersonQuery,
    export_people,
    find_people,
)
from kiosk.services.rights.requests import withdraw_consent as withdraw_for
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.rights_repository import ProvedLink, RequestRecord
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.words import N_

log = logging.getLogger("kiosk.privacy")

LINK_LIFETIME = timedelta(hours=24)
CODE_LIFETIME = timedelta(minutes=15)
CODE_DIGITS = 6
TRIES_PER_CODE = 5
SESSION_LIFETIME = timedelta(hours=1)
"""How long an opened link lets its person act, without asking again."""
ASKS_PER_HOUR = 5
ASK_WINDOW = timedelta(hours=1)
ANSWER_WITHIN = timedelta(hours=72)
"""UU PDP: 3 x 24 hours from the request."""
PROOF_EMAIL = "email_link"
PROOF_PHONE = "phone_code"
PHONE_FIELDS = ("visitor.phone",)
SELF = "guest:self"
"""Who acted, in the audit log, when the person did it themselves."""


class RequestKind:
    ACCESS = "access"
    WITHDRAWAL = "withdrawal"
    CORRECTION = "correction"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    OBJECTION = "objection"


FOR_STAFF = (RequestKind.ERASURE, RequestKind.RESTRICTION, RequestKind.OBJECTION)
"""What staff decide: the law allows some refusals (a legal hold, another person's data)."""
CORRECTABLE_KINDS = frozenset({"name", "email", "phone", "text", "plate"})
"""Values a person can retype; a photo, a choice or an ID's last characters they cannot."""
READ_BY_MACHINE = frozenset({Source.SCANNED, Source.CAMERA})
"""Values read from a document or taken by the camera: checked, so staff correct them."""
LONGEST_VALUE = 254
"""The longest corrected value a form takes (an email address's limit)."""
VERIFIED_BY, ID_CONFIRMED = "visitor.verification_result", ("matched", "staff_verified")
"""A name is checked once an ID check confirmed the person."""
VERIFICATION = "verification"
"""The registry's category of what an ID check leaves."""
KIND_WORDS = {
    RequestKind.ACCESS: N_("See my data"),
    RequestKind.WITHDRAWAL: N_("Withdraw a consent"),
    RequestKind.CORRECTION: N_("Correct my data"),
    RequestKind.ERASURE: N_("Erase my data"),
    RequestKind.RESTRICTION: N_("Restrict the processing of my data"),
    RequestKind.OBJECTION: N_("Object to the processing of my data"),
}
"""Each kind as the person asked it (message ids, said in their language)."""


class TooManyRequests(KioskError):
    """Links to one's data were asked for too often from here or for this address."""

    reason = "too_many_requests"


class PrivacyLinkRefused(KioskError):
    """The link is used, expired or not ours: the person asks for a new one."""

    reason = "privacy_link_refused"


def texts_guests(kiosk: Kiosk) -> bool:
    """Whether the site sends guests messages by phone: then a phone number proves too."""
    return bool(kiosk.settings.notify_guest_phone)


def is_email(asked: str) -> bool:
    """Whether what a person typed to prove themselves is an email address (else a number)."""
    return "@" in asked


def _asked_key(kiosk: Kiosk, asked: str) -> str:
    """The one form of an address or number, which the limit counts asks for it under."""
    if is_email(asked):
        return f"email:{email_key(kiosk, asked)}"
    binding = kiosk.gateway.registry.fields.get(PHONE_FIELDS[0])
    try:
        return f"phone:{normalise(binding, asked) if binding else asked.strip()}"
    except CaptureRefused:
        return f"phone:{asked.strip()}"


def _counted(kiosk: Kiosk, keys: tuple[str, ...], limit: int, now: datetime) -> None:
    """Counts a try under each of ``keys`` in the database; TooManyRequests past ``limit``
    in the last hour under any."""
    with kiosk.unit_of_work() as uow:
        uow.portal.forget_tries("privacy", now - ASK_WINDOW)
        for key in keys:
            digest = kiosk.portal_secrets.digest("try", key)
            if uow.portal.count_try(kiosk.site.id, digest, now, ASK_WINDOW, "privacy") > limit:
                uow.commit()
                raise TooManyRequests("too many tries: try again in an hour")
        uow.commit()


def ask_for_privacy_link(
    kiosk: Kiosk, asked: str, address: str, now: datetime | None = None
) -> None:
    """Counts an ask from network ``address`` for ``asked`` (an email address or a phone
    number); TooManyRequests past the limit of either. The link or code is made by
    :func:`email_privacy_link` or :func:`text_privacy_code`, after the answer."""
    keys = (f"privacy-address:{address}", f"privacy-asked:{_asked_key(kiosk, asked)}")
    _counted(kiosk, keys, ASKS_PER_HOUR, now or utc_now())


def new_privacy_link(
    kiosk: Kiosk, email: str, language: str, now: datetime | None = None
) -> PrivacyLinkEmail | None:
    """A link for the people holding ``email``, recorded and ready to send to the address as
    the site holds it (never to another spelling that looks it up); None when nobody here
    holds it."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        people = _asked_for(uow, kiosk, PersonQuery(email=email), now)
        if not people:
            uow.commit()
            return None
        link = _add_link(uow, kiosk, people, language, now)
        uow.commit()
    return link


def _asked_for(
    uow: UnitOfWork, kiosk: Kiosk, query: PersonQuery, now: datetime
) -> list[SubjectRecord]:
    """The people an address or number asked for is held for (none: empty), once the links
    long over are forgotten."""
    uow.rights.forget_links(now - LINK_LIFETIME)
    try:
        return find_people(uow, kiosk, query)
    except KioskError:
        return []


def _add_link(
    uow: UnitOfWork, kiosk: Kiosk, people: list[SubjectRecord], language: str, now: datetime
) -> PrivacyLinkEmail:
    address = held_address(uow, kiosk, people[0])
    secret = kiosk.portal_secrets.new_secret()
    uow.rights.add_link(
        kiosk.site.id,
        kiosk.portal_secrets.digest("privacy link", secret),
        [person.id for person in people],
        language,
        PROOF_EMAIL,
        now + LINK_LIFETIME,
    )
    return PrivacyLinkEmail(
        language=language,
        email=str(address),
        site_name=kiosk.site.name,
        link=f"{kiosk.settings.portal_url}/privacy/link/{secret}",
        hours=int(LINK_LIFETIME.total_seconds() // 3600),
        mail_from=kiosk.settings.mail_from,
    )


def email_link_to(kiosk: Kiosk, proved: ProvedLink) -> bool:
    """Sends the people already proved (a badge holder at the kiosk) a link to their data, at
    the email address the site holds; False where it holds none, or the mail did not go."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        people = [uow.subjects.get(subject_id) for subject_id in proved.subject_ids]
        people = [person for person in people if person is not None]
        if not people or held_address(uow, kiosk, people[0]) is None:
            return False
        link = _add_link(uow, kiosk, people, proved.language, now)
        uow.commit()
    return send_now(kiosk, compose_privacy_link(link, now), "a privacy link")


def email_privacy_link(kiosk: Kiosk, email: str, language: str) -> bool:
    """Makes and sends the link if the site holds ``email`` (run after the answer); whether
    one went out. A failure is logged without the address: the person asks again."""
    link = new_privacy_link(kiosk, email, language)
    return link is not None and send_now(
        kiosk, compose_privacy_link(link, utc_now()), "a privacy link"
    )


def new_code_token(kiosk: Kiosk) -> str:
    """The asking browser's token: a code texted for this ask opens only with it."""
    return kiosk.portal_secrets.new_secret()


def _code_digest(kiosk: Kiosk, token: str, code: str) -> bytes:
    return kiosk.portal_secrets.digest("privacy code", f"{token}:{code}")


def text_privacy_code(
    kiosk: Kiosk, phone: str, token: str, language: str, now: datetime | None = None
) -> bool:
    """Makes a code for the people holding ``phone``, to open with ``token``, and texts it
    to the number as the site holds it (run after the answer); whether one went out. A
    message that did not go is logged without the number: the person asks again."""
    pattern = kiosk.settings.notify_guest_phone
    if not pattern:
        return False
    now = now or utc_now()
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with kiosk.unit_of_work() as uow:
        people = _asked_for(uow, kiosk, PersonQuery(phone=phone), now)
        if not people:
            uow.commit()
            return False
        number = held_address(uow, kiosk, people[0], PHONE_FIELDS)
        uow.rights.add_link(
            kiosk.site.id,
            _code_digest(kiosk, token, code),
            [person.id for person in people],
            language,
            PROOF_PHONE,
            now + CODE_LIFETIME,
        )
        uow.commit()
    message = PrivacyCodeMessage(
        language, kiosk.site.name, code, int(CODE_LIFETIME.total_seconds() // 60)
    )
    sent = send_message(phone_address(pattern, number), privacy_code_message(message))
    if sent.delivery is not Delivery.SENT:
        log.warning("a privacy code was not sent: %s", sent.detail)
    return sent.delivery is Delivery.SENT


@dataclass(frozen=True)
class Proved:
    """A person who opened their link: the session's secret for their browser."""

    session_secret: str
    language: str


def open_privacy_link(kiosk: Kiosk, secret: str, now: datetime | None = None) -> Proved:
    """Uses the link (once, within its 24 hours) and opens a session of
    :data:`SESSION_LIFETIME` on the data of the people it was sent for: an access request,
    answered at once."""
    return _open(kiosk, kiosk.portal_secrets.digest("privacy link", secret), now or utc_now())


def open_with_code(kiosk: Kiosk, token: str, code: str, now: datetime | None = None) -> Proved:
    """Uses the code texted for ``token``'s ask, as :func:`open_privacy_link` a link:
    :data:`TRIES_PER_CODE` tries (TooManyRequests after), within :data:`CODE_LIFETIME`."""
    now = now or utc_now()
    _counted(kiosk, (f"privacy-code:{token}",), TRIES_PER_CODE, now)
    return _open(kiosk, _code_digest(kiosk, token, code.strip()), now)


def _open(kiosk: Kiosk, digest: bytes, now: datetime) -> Proved:
    session_secret = kiosk.portal_secrets.new_secret()
    with kiosk.unit_of_work() as uow:
        used = uow.rights.use_link(
            kiosk.site.id,
            digest,
            kiosk.portal_secrets.digest("privacy session", session_secret),
            now,
            now + SESSION_LIFETIME,
        )
        if used is None:
            raise PrivacyLinkRefused("this link is used, expired or not ours: ask for a new one")
        record_request(uow, kiosk, used, RequestKind.ACCESS, now, answered=True)
        uow.commit()
    return Proved(session_secret, used.language)


def proved_person(
    kiosk: Kiosk, session_secret: str, now: datetime | None = None
) -> ProvedLink | None:
    """Whom this browser's session proved, while it lasts; None after."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        return uow.rights.session(
            kiosk.site.id, kiosk.portal_secrets.digest("privacy session", session_secret), now
        )


def held_address(
    uow: UnitOfWork,
    kiosk: Kiosk,
    subject: SubjectRecord | None,
    fields: tuple[str, ...] = EMAIL_FIELDS,
) -> str | None:
    """The email address (or, of ``fields``, the phone number) the site holds for
    ``subject``, as it holds it (only that value is decrypted); None for no one, or none."""
    if subject is None:
        return None
    held = kiosk.gateway.by_field_many(uow, [subject], fields)[subject.id]
    address = next((held[field] for field in fields if held.get(field)), None)
    return str(address) if address else None


def correctable(kiosk: Kiosk, field: str) -> bool:
    """Whether a guest may ask to correct ``field``: a value typed for a visit (not what the
    deny list or an ID check holds)."""
    binding = kiosk.gateway.registry.fields.get(field)
    return (
        binding is not None
        and binding.kind in CORRECTABLE_KINDS
        and binding.category != VERIFICATION
        and bool(binding.asked & VISIT_INTAKES)
    )


def _checked(uow: UnitOfWork, kiosk: Kiosk, subject: SubjectRecord, field: str) -> bool:
    """Whether the person's ``field`` was checked (read by a machine, or a name an ID check
    confirmed): its correction is staff's to make; a typed value its person corrects."""
    registry = kiosk.gateway.registry
    held = uow.personal_values.of_subject(subject.id)
    result = kiosk.gateway.by_field_many(uow, [subject], [VERIFIED_BY])[subject.id]
    checked_by_id = result.get(VERIFIED_BY) in ID_CONFIRMED
    return any(
        stored.field == field
        and (
            stored.source in READ_BY_MACHINE
            or (registry.fields[field].kind == "name" and checked_by_id)
        )
        for stored in held
    )


def correct_my_value(
    kiosk: Kiosk, proved: ProvedLink, field: str, value: str, now: datetime | None = None
) -> bool:
    """Corrects the proved person's ``field`` to ``value``: at once where it was only typed
    (True), or as a request staff decide, due in 3 x 24 hours, where it was checked (False; the
    request names the field, never the value). :class:`~kiosk.errors.CaptureRefused` for a value
    the field does not accept."""
    if not correctable(kiosk, field):
        raise NotFound(f"{field} is not a value one corrects", reason="no_page")
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        people = [uow.subjects.get(subject_id) for subject_id in proved.subject_ids]
        people = [person for person in people if person is not None]
        if any(_checked(uow, kiosk, person, field) for person in people):
            record_request(
                uow, kiosk, proved, RequestKind.CORRECTION, now, answered=False, field=field
            )
            uow.commit()
            return False
        for person in people:
            kiosk.gateway.correct(uow, person, field, value, Source.SELF_ENTERED, SELF)
        record_request(uow, kiosk, proved, RequestKind.CORRECTION, now, answered=True, field=field)
        uow.commit()
    return True


def _query(proved: ProvedLink) -> PersonQuery:
    return PersonQuery(subjects=tuple(proved.subject_ids))


def _references(uow: UnitOfWork, proved: ProvedLink) -> list[str]:
    return [
        subject.reference
        for subject in (uow.subjects.get(subject_id) for subject_id in proved.subject_ids)
        if subject is not None
    ]


def record_request(
    uow: UnitOfWork,
    kiosk: Kiosk,
    proved: ProvedLink,
    kind: str,
    now: datetime,
    answered: bool,
    field: str | None = None,
) -> None:
    """A request of ``kind`` (about ``field``, for a correction) by the proved person
    themselves, in the trail; ``answered`` when done at once."""
    for reference in _references(uow, proved):
        request_id = uow.rights.add_request(
            kiosk.site.id,
            reference,
            kind,
            proved.language,
            proved.proof,
            now,
            now + ANSWER_WITHIN,
            field,
        )
        if answered:
            uow.rights.answer(request_id, "done", None, now)
        detail = f"{kind} asked by the person ({proved.proof})"
        event = AuditEvent(AuditAction.PRIVACY_REQUEST, SELF, reference, detail=detail)
        kiosk.audit.record(uow, kiosk.site.id, event)


@dataclass(frozen=True)
class MyData:
    document: dict
    """What :func:`~kiosk.services.rights.requests.export_people` gives staff."""
    requests: list[RequestRecord]
    """The person's own requests, the oldest first."""


def my_data(kiosk: Kiosk, proved: ProvedLink) -> MyData:
    """Everything held about the proved person (the export is audited), each person's values
    in the registry's order of fields, with their requests; no one at all once they are
    erased."""
    with kiosk.unit_of_work() as uow:
        references = _references(uow, proved)
        requests = uow.rights.requests(kiosk.site.id, of=references)
    if not references:
        return MyData({"people": []}, requests)
    document = export_people(kiosk, _query(proved), SELF)
    order = {key: n for n, key in enumerate(kiosk.gateway.registry.fields)}
    for person in document["people"]:
        person["values"].sort(key=lambda value: order.get(value["field"], len(order)))
    return MyData(document, requests)


def withdraw_my_consent(
    kiosk: Kiosk, proved: ProvedLink, purpose: str, now: datetime | None = None
) -> int:
    """Stops a consent-based purpose at once (its values go); how many values went."""
    now = now or utc_now()
    erased = withdraw_for(kiosk, _query(proved), purpose, SELF)
    with kiosk.unit_of_work() as uow:
        record_request(uow, kiosk, proved, RequestKind.WITHDRAWAL, now, answered=True)
        uow.commit()
    return erased


def ask_staff(kiosk: Kiosk, proved: ProvedLink, kind: str, now: datetime | None = None) -> None:
    """Files an erasure, restriction or objection for staff, due in 3 x 24 hours."""
    if kind not in FOR_STAFF:
        raise NotFound(f"{kind} is not a request staff decide", reason="no_page")
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        record_request(uow, kiosk, proved, kind, now, answered=False)
        uow.commit()
