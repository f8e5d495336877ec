"""Data-subject requests: find a person, export what is held about them, erase it, withdraw a
consent, and hold their data against purge and erasure.

An erasure removes every value of the person except those a legal-obligation purpose must
keep (it names them), and, when nothing is kept, their visits (counted into the anonymous
statistics first), invitations, jobs and consents. The audit log keeps only the person's
pseudonymous reference. Each erasure is also written to a ledger file outside the database,
so ``reapply_erasures`` repeats them after a backup is restored.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.clock import given_day, local_now, utc_now
from kiosk.errors import Conflict, KioskError, NotFound
from kiosk.i18n import translations
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.field_kinds import exported
from kiosk.privacy.recipients import Recipient, SiteChannels, recipients, sent_to
from kiosk.privacy.registry import Basis, Subject, Text
from kiosk.private_files import append_private, private_folder, write_private
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.badges import forget_badge_previews
from kiosk.services.records.audit_queue import fold_audit_queue
from kiosk.services.records.channels import site_channels
from kiosk.services.rights.export_page import render_export
from kiosk.store.privacy_repositories import StoredValue, SubjectRecord
from kiosk.store.unit_of_work import UnitOfWork

LEDGER_FILE = "erasure-ledger.jsonl"
EXPORTS_FOLDER = "exports"
OTHERS_NOTE_KINDS = ("note",)
"""Free text someone else wrote about the person (the host's note): redacted in an export."""
REDACTED = "[redacted: written by someone else]"
LONGEST_HOLD_REASON = 200
EMAIL_FIELDS = ("visitor.email", "member.email")
"""Where a person's email is held: a visitor's, a member's."""


@dataclass(frozen=True)
class PersonQuery:
    email: str | None = None
    phone: str | None = None
    visit: int | None = None
    subjects: tuple[int, ...] = ()
    """People already proved, by id (a guest's own link): those not erased since."""
    request: int | None = None
    """A request a person made themselves (see :mod:`kiosk.services.rights.self_service`):
    its person."""


def find_people(uow: UnitOfWork, kiosk: Kiosk, query: PersonQuery) -> list[SubjectRecord]:
    """Everyone the query names: by email or phone (visitors and members), or by visit id."""
    gateway, site = kiosk.gateway, kiosk.site.id
    ids: set[int] = set()
    if query.visit is not None:
        visit = uow.visits.get(site, query.visit)
        if visit is not None:
            ids.add(visit.guest_subject_id)
    ids.update(s for s in query.subjects if uow.subjects.get(s) is not None)
    asked = uow.rights.get(site, query.request) if query.request is not None else None
    subject = uow.subjects.by_reference(asked.subject_ref) if asked else None
    if subject is not None:
        ids.add(subject.id)
    for value, fields in (
        (query.email, EMAIL_FIELDS),
        (query.phone, ("visitor.phone",)),
    ):
        if value:
            for field in fields:
                ids.update(gateway.find_subjects(uow, site, field, value))
    if not ids:
        raise NotFound(
            "nobody matches: check the email, phone or visit number", reason="nobody_matches"
        )
    return [uow.subjects.get(subject_id) for subject_id in sorted(ids)]


@dataclass(frozen=True)
class Match:
    """Someone a request names, as staff check them before an erasure (it shows names)."""

    kind: str
    name: str
    visits: int
    on_site_visit: int | None
    """The visit that has them in the building now, if one does."""
    held_until: datetime | None
    """The end of the longest legal hold on their data now, if one is."""


def people_named(kiosk: Kiosk, query: PersonQuery) -> list[Match]:
    with kiosk.unit_of_work() as uow:
        return [match_of(uow, kiosk, subject) for subject in find_people(uow, kiosk, query)]


def match_of(uow: UnitOfWork, kiosk: Kiosk, subject: SubjectRecord) -> Match:
    name = kiosk.gateway.by_field(uow, subject).get(f"{subject.kind}.name", "")
    visits = uow.visits.of_guest(subject.id)
    inside = next((visit.id for visit in visits if visit.checked_out_at is None), None)
    held = max((hold.until for hold in uow.retention.holds_of(subject.id, utc_now())), default=None)
    return Match(subject.kind, str(name), len(visits), inside, held)


def check_erasable(matches: list[Match], force: bool) -> None:
    """Refuses to erase a guest who is in the building (it would take them off the roll call
    unseen), unless ``force``."""
    inside = next((match for match in matches if match.on_site_visit is not None), None)
    if inside is not None and not force:
        raise Conflict(
            f"{inside.name or 'this guest'} is in the building now (visit "
            f"{inside.on_site_visit}): sign them out first, or erase anyway with --force "
            "(they leave the roll call)",
            reason="in_building",
        )


def _refuse_if_held(uow: UnitOfWork, subject: SubjectRecord, now: datetime) -> None:
    holds = uow.retention.holds_of(subject.id, now)
    if holds:
        hold = holds[0]
        raise Conflict(
            f"under a legal hold until {hold.until:%Y-%m-%d} ({hold.reason}); release it first",
            reason="legal_hold",
            until=f"{hold.until:%Y-%m-%d}",
        )


# --- access -------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _in_languages(kiosk: Kiosk, text: Text) -> dict[str, str]:
    """A registry text in each of the site's languages (the registry's first where it lacks
    one)."""
    return {code: kiosk.gateway.registry.text(text, code) for code in kiosk.settings.languages}


def _said(kiosk: Kiosk, who: Recipient) -> dict[str, str]:
    """Who received a value, in each of the site's languages."""
    return {code: who.said(translations(code).gettext) for code in kiosk.settings.languages}


def _value_entry(
    kiosk: Kiosk, stored: StoredValue, clear: str | bytes, channels: SiteChannels
) -> dict:
    registry = kiosk.gateway.registry
    binding = registry.fields[stored.field]
    purpose = registry.purposes[stored.purpose]
    basis = registry.bases[purpose.basis]
    written_by_others = binding.kind in OTHERS_NOTE_KINDS and stored.source != "guest_typed"
    return {
        "field": stored.field,
        "label": _in_languages(kiosk, binding.label),
        "category": _in_languages(kiosk, registry.categories[binding.category].label),
        "value": REDACTED if written_by_others else exported(binding, clear),
        "purpose": stored.purpose,
        "purpose_label": _in_languages(kiosk, purpose.label),
        "legal_basis": {
            "label": _in_languages(kiosk, basis.label),
            "uu_pdp": basis.uu_pdp,
            "gdpr": basis.gdpr,
        },
        "source": stored.source,
        "entered_by": stored.actor,
        "captured_at": _iso(stored.captured_at),
        "retention_until": _iso(stored.retention_until),
        "recipients": [_said(kiosk, who) for who in recipients(stored.field, channels)],
        "policy_version": stored.policy_version,
        "notice": {"version": stored.notice_version, "language": stored.notice_language},
    }


def _person(uow: UnitOfWork, kiosk: Kiosk, subject: SubjectRecord, channels: SiteChannels) -> dict:
    clear = kiosk.gateway.values(uow, subject)
    stored_values = uow.personal_values.of_subject(subject.id)
    values = [
        _value_entry(kiosk, stored, clear[stored.field, stored.purpose], channels)
        for stored in stored_values
    ]
    notices = sorted(
        {(s.policy_version, s.notice_version, s.notice_language) for s in stored_values}
    )
    return {
        "reference": subject.reference,
        "kind": subject.kind,
        "values": values,
        "notices_seen": [
            {"policy_version": p, "notice_version": n, "language": lang} for p, n, lang in notices
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "given_at": _iso(consent.given_at),
                "withdrawn_at": _iso(consent.withdrawn_at),
                "notice_version": consent.notice_version,
                "language": consent.language,
                "source": consent.source,
            }
            for consent in uow.consents.of_subject(subject.id)
        ],
        "invitations": [
            {
                "starts_at": _iso(invitation.starts_at),
                "ends_at": _iso(invitation.ends_at),
                "visit_type": invitation.visit_type,
                "status": invitation.status,
            }
            for invitation in uow.invitations.of_guest(subject.id)
        ],
        "visits": [
            {
                "checked_in_at": _iso(visit.checked_in_at),
                "checked_out_at": _iso(visit.checked_out_at),
                "badge_number": visit.badge_number,
                "visit_type": visit.visit_type,
                "kiosk": visit.kiosk_id,
            }
            for visit in uow.visits.of_guest(subject.id)
        ],
        "received": [
            {
                "at": _iso(job.sent_at),
                "template": job.template,
                "channel": job.channel,
                "recipient": _said(kiosk, sent_to(job.template, job.channel, job.kiosk_id)),
            }
            for job in uow.outbox.sent_about(kiosk.site.id, subject.id)
        ],
        "trail": [
            {
                "at": _iso(entry.at),
                "action": entry.action,
                "by": entry.actor,
                "field": entry.field,
                "purpose": entry.purpose,
                "detail": entry.detail,
            }
            for entry in uow.audit.entries(kiosk.site.id, subject.reference)
        ],
    }


def write_export(kiosk: Kiosk, document: dict, folder: Path | None = None) -> tuple[Path, Path]:
    """The export as a JSON file and a page, readable by the kiosk's user only, in ``folder``
    (by default the data folder's exports/)."""
    folder = private_folder(folder or kiosk.settings.data_dir / EXPORTS_FOLDER)
    stamp = local_now(kiosk.site.timezone).strftime("%Y%m%d-%H%M%S")
    data = json.dumps(document, indent=2, ensure_ascii=False)
    return (
        write_private(folder / f"subject-export-{stamp}.json", data),
        write_private(folder / f"subject-export-{stamp}.html", render_export(document)),
    )


def export_people(kiosk: Kiosk, query: PersonQuery, actor: str) -> dict:
    """Everything held about the people the query names, with purpose, basis, source,
    retention, recipients, the notices they saw, their consents and the processing trail.
    The export itself is audited."""
    channels = site_channels(kiosk.settings, kiosk.gateway.registry)
    fold_audit_queue(kiosk)  # the trail holds every view of the person
    with kiosk.unit_of_work() as uow:
        people = find_people(uow, kiosk, query)
        controller = kiosk.gateway.registry.controller
        document = {
            "languages": list(kiosk.settings.languages),
            "controller": {
                "name": _in_languages(kiosk, controller.name),
                "email": controller.email,
                "address": _in_languages(kiosk, controller.address),
            },
            "site": kiosk.site.name,
            "policy_version": kiosk.gateway.registry.version,
            "generated_at": _iso(utc_now()),
            "people": [_person(uow, kiosk, subject, channels) for subject in people],
        }
        for subject in people:
            event = AuditEvent(AuditAction.EXPORT, actor, subject.reference, detail="access")
            kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
    return document


# --- erasure ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptValue:
    field: str
    purpose: str
    retention_until: datetime | None


@dataclass(frozen=True)
class ErasureReport:
    people: int
    values_erased: int
    kept: list[KeptValue]


def _erase(uow: UnitOfWork, kiosk: Kiosk, subject: SubjectRecord, actor: str) -> ErasureReport:
    registry = kiosk.gateway.registry
    must_keep = tuple(
        key for key, purpose in registry.purposes.items() if purpose.basis is Basis.LEGAL_OBLIGATION
    )
    kept = [
        KeptValue(stored.field, stored.purpose, stored.retention_until)
        for stored in uow.personal_values.of_subject(subject.id)
        if stored.purpose in must_keep
    ]
    erased = uow.retention.delete_subject_values(subject.id, keep_purposes=must_keep)
    if subject.kind != Subject.VISITOR:
        for host in uow.hosts.of_subjects(kiosk.site.id, [subject.id]):
            uow.hosts.deactivate(host.id)  # a nameless host cannot be chosen; visits keep its id
            account = uow.portal.staff_of_host(kiosk.site.id, host.id)
            if account is not None:  # a nameless account nobody could name to remove
                uow.portal.remove_staff(account.id)
                uow.portal.end_sessions_of(host.id)
    elif kept:
        uow.retention.drop_jobs(kiosk.site.id, [subject.id])
    else:
        uow.retention.remove_records(kiosk.site.id, [subject.id])
    detail = f"{erased} values erased, {len(kept)} kept for a legal obligation"
    event = AuditEvent(AuditAction.ERASURE, actor, subject.reference, detail=detail)
    kiosk.audit.record(uow, kiosk.site.id, event)
    return ErasureReport(1, erased, kept)


def erase_people(
    kiosk: Kiosk, query: PersonQuery, actor: str, force: bool = False
) -> ErasureReport:
    """Erases what is held about the people the query names (see the module's docstring),
    their badges' preview pictures, and, on SQLite, what the write-ahead log still held.
    A guest in the building is refused unless ``force`` (see :func:`check_erasable`)."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        people = find_people(uow, kiosk, query)
        check_erasable([match_of(uow, kiosk, subject) for subject in people], force)
        for subject in people:
            _refuse_if_held(uow, subject, now)
        visits = [visit.id for subject in people for visit in uow.visits.of_guest(subject.id)]
        reports = [_erase(uow, kiosk, subject, actor) for subject in people]
        _append_ledger(kiosk, [subject.reference for subject in people], now)
        uow.after_commit("reclaim", uow.reclaim_space)
        uow.commit()
    forget_badge_previews(kiosk, visits)
    return ErasureReport(
        len(reports),
        sum(report.values_erased for report in reports),
        [kept for report in reports for kept in report.kept],
    )


def _ledger(kiosk: Kiosk) -> Path:
    return kiosk.settings.data_dir / LEDGER_FILE


def _append_ledger(kiosk: Kiosk, references: list[str], now: datetime) -> None:
    """Written (and flushed to disk) before the erasure commits: an erasure is never lost
    from the ledger, at worst repeated."""
    entries = (
        json.dumps({"at": now.isoformat(), "site": kiosk.site.name, "reference": reference}) + "\n"
        for reference in references
    )
    append_private(_ledger(kiosk), "".join(entries))


def reapply_erasures(kiosk: Kiosk, actor: str) -> int:
    """Erases again everyone in the ledger who is back (a backup was restored); how many."""
    path = _ledger(kiosk)
    if not path.exists():
        return 0
    references = [json.loads(line)["reference"] for line in path.read_text().splitlines() if line]
    again = 0
    with kiosk.unit_of_work() as uow:
        for reference in dict.fromkeys(references):
            subject = uow.subjects.by_reference(reference)
            if subject is not None and subject.site_id == kiosk.site.id:
                _erase(uow, kiosk, subject, actor)
                again += 1
        uow.commit()
    return again


# --- consent withdrawal and legal holds ---------------------------------------------------


def withdraw_consent(kiosk: Kiosk, query: PersonQuery, purpose_key: str, actor: str) -> int:
    """Stops a consent-based purpose at once and erases what was held only for it; returns
    how many values went."""
    purpose = kiosk.gateway.registry.purposes.get(purpose_key)
    if purpose is None or purpose.basis is not Basis.CONSENT:
        raise KioskError(f"{purpose_key} is not a purpose based on consent", reason="not_consent")
    with kiosk.unit_of_work() as uow:
        erased = 0
        for subject in find_people(uow, kiosk, query):
            kiosk.gateway.withdraw_consent(uow, subject, purpose_key, actor)
            erased += erase_purposes(uow, kiosk, subject, [purpose_key], actor, "consent withdrawn")
        uow.commit()
    return erased


def erase_purposes(
    uow: UnitOfWork,
    kiosk: Kiosk,
    subject: SubjectRecord,
    purposes: list[str],
    actor: str,
    why: str,
) -> int:
    """Erases what the person holds for ``purposes`` (their values for other purposes stay),
    audited per purpose with ``why``; how many values went."""
    erased = 0
    for purpose_key in purposes:
        gone = uow.retention.delete_purpose_values(subject.id, purpose_key)
        erased += gone
        if gone:
            event = AuditEvent(
                AuditAction.ERASURE,
                actor,
                subject.reference,
                purpose=purpose_key,
                detail=f"{why}: {gone} values erased",
            )
            kiosk.audit.record(uow, kiosk.site.id, event)
    return erased


def uphold_objection(uow: UnitOfWork, kiosk: Kiosk, subject: SubjectRecord, actor: str) -> int:
    """Stops what is done with the person's data on the controller's legitimate interests
    alone (GDPR Art. 21; UU PDP Pasal 8, ending processing): those values are erased, what a
    law, a contract or the person's consent holds stays. Refused under a legal hold, and while
    they are in the building (it would take their name off the roll call). How many values
    went."""
    _refuse_if_held(uow, subject, utc_now())
    check_erasable([match_of(uow, kiosk, subject)], force=False)
    purposes = kiosk.gateway.registry.purposes
    held = {stored.purpose for stored in uow.personal_values.of_subject(subject.id)}
    interests = sorted(key for key in held if purposes[key].basis is Basis.LEGITIMATE_INTERESTS)
    return erase_purposes(uow, kiosk, subject, interests, actor, "objection upheld")


RESTRICTED = "withdrawn: the person's processing is restricted"


def restrict_processing(uow: UnitOfWork, kiosk: Kiosk, subject: SubjectRecord, actor: str) -> int:
    """Stops what is done with the person's data, keeping it (UU PDP Pasal 41, GDPR Art. 18):
    their invitations still to come are cancelled and nothing waiting is sent about them;
    their values stay, untouched, until their retention ends or an erasure. A visit going on
    goes on (the roll call keeps them). How many invitations were cancelled."""
    pending = [i for i in uow.invitations.of_guest(subject.id) if i.status == "pending"]
    for invitation in pending:
        uow.invitations.set_status(invitation.id, "cancelled")
        event = AuditEvent(
            AuditAction.INVITATION_CHANGE, actor, subject.reference, detail="cancelled: restricted"
        )
        kiosk.audit.record(uow, kiosk.site.id, event)
    uow.outbox.withdraw_about(kiosk.site.id, subject.id, RESTRICTED)
    return len(pending)


def hold(kiosk: Kiosk, query: PersonQuery, reason: str, until: datetime, actor: str) -> int:
    """Keeps the people's data from purge and erasure until ``until``; how many people."""
    now = utc_now()
    given_day(until)
    if not reason.strip() or len(reason) > LONGEST_HOLD_REASON:
        raise KioskError(
            "give the hold a reason: a case number or legal reference", reason="hold_reason"
        )
    if until <= now:
        raise KioskError("a legal hold must last until a date in the future", reason="hold_in_past")
    with kiosk.unit_of_work() as uow:
        people = find_people(uow, kiosk, query)
        for subject in people:
            uow.retention.hold(kiosk.site.id, subject.id, reason, until, actor, now)
            detail = f"until {until:%Y-%m-%d}"
            event = AuditEvent(AuditAction.LEGAL_HOLD, actor, subject.reference, detail=detail)
            kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
    return len(people)


def release(kiosk: Kiosk, query: PersonQuery, actor: str) -> int:
    """Ends the people's legal holds now; how many holds ended."""
    now = utc_now()
    released = 0
    with kiosk.unit_of_work() as uow:
        for subject in find_people(uow, kiosk, query):
            released += uow.retention.release(subject.id, now)
            event = AuditEvent(AuditAction.LEGAL_HOLD, actor, subject.reference, detail="released")
            kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
    return released
