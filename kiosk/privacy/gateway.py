"""The capture gateway: the only way a personal value reaches the database.

A capture names the person, the field, the value, the purpose, where the value came from and
who entered it. The gateway refuses, before anything is written, a field the registry does
not bind to that purpose, a purpose not for that kind of person or not enabled at the site,
and a consent purpose without a recorded consent. It normalises the value, encrypts what the
registry marks, stores it with its provenance, and writes the audit entry, all inside the
caller's unit of work.
"""

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from kiosk.clock import utc_now
from kiosk.errors import CaptureRefused, UnreadableValue
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.audit_trail import AuditTrail
from kiosk.privacy.crypto import FieldCipher
from kiosk.privacy.field_kinds import kind_of, lookup_form, normalise
from kiosk.privacy.registry import Basis, FieldBinding, Purpose, RetentionEvent, Storage, Subject
from kiosk.privacy.site_policy import SitePolicy
from kiosk.store.privacy_repositories import (
    ConsentRecord,
    SealedValue,
    StoredValue,
    SubjectRecord,
)
from kiosk.store.unit_of_work import UnitOfWork

UNREADABLE = "[unreadable]"
"""What a damaged value reads as: shown, so that nobody mistakes it for a missing one."""
log = logging.getLogger("kiosk.privacy")


class Source(StrEnum):
    GUEST_TYPED = "guest_typed"
    HOST_PREREGISTERED = "host_preregistered"
    STAFF_ENTERED = "staff_entered"
    SELF_ENTERED = "self_entered"
    """A member's own choice, made on their portal page."""
    SCANNED = "scanned"
    CAMERA = "camera"


@dataclass(frozen=True)
class Notice:
    """The privacy notice the person was shown, by version and language."""

    version: str
    language: str


@dataclass(frozen=True)
class Capture:
    subject: SubjectRecord
    field: str
    value: object
    purpose: str
    source: Source
    actor: str
    notice: Notice


class CaptureGateway:
    def __init__(
        self,
        policy: SitePolicy,
        cipher: FieldCipher,
        audit: AuditTrail,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.policy = policy
        self.registry = policy.registry
        self._cipher = cipher
        self._audit = audit
        self._clock = clock

    def check(
        self, field: str, purpose_key: str, subject_kind: str
    ) -> tuple[FieldBinding, Purpose]:
        """The binding and purpose for this capture, or :class:`CaptureRefused` saying why not."""
        binding = self.registry.fields.get(field)
        purpose = self.registry.purposes.get(purpose_key)
        if binding is None:
            raise CaptureRefused(
                "unknown_field", f"{field!r} is not a field the policy allows", field
            )
        if purpose is None:
            raise CaptureRefused(
                "unknown_purpose", f"'{purpose_key}' is not a purpose of the policy", field
            )
        if subject_kind not in purpose.subjects or binding.subject != subject_kind:
            raise CaptureRefused(
                "wrong_subject",
                f"{field} for purpose {purpose_key} cannot be held about a {subject_kind}",
                field,
            )
        if not self.registry.allows(field, purpose_key, Subject(subject_kind)):
            raise CaptureRefused(
                "not_bound", f"the policy does not allow {field} for {purpose_key}", field
            )
        if not self.policy.purpose_enabled(purpose):
            raise CaptureRefused(
                "purpose_disabled", f"{purpose_key} is not enabled at this site", field
            )
        if not self.policy.field_enabled(binding):
            raise CaptureRefused("field_disabled", f"{field} is not enabled at this site", field)
        return binding, purpose

    def capture(self, uow: UnitOfWork, capture: Capture) -> None:
        binding, purpose = self.check(capture.field, capture.purpose, capture.subject.kind)
        value = normalise(binding, capture.value)
        if purpose.basis is Basis.CONSENT and not uow.consents.is_active(
            capture.subject.id, purpose.key
        ):
            raise CaptureRefused(
                "no_consent",
                f"{capture.purpose} needs the person's consent, and none is recorded",
                capture.field,
            )
        now = self._clock()
        uow.personal_values.put(capture.subject, self._seal(binding, purpose, capture, value, now))
        self._audit.record(
            uow,
            capture.subject.site_id,
            AuditEvent(
                AuditAction.CAPTURE,
                capture.actor,
                capture.subject.reference,
                binding.key,
                purpose.key,
                f"source={capture.source}",
            ),
        )

    def correct(
        self,
        uow: UnitOfWork,
        subject: SubjectRecord,
        field: str,
        value: object,
        source: Source,
        actor: str,
    ) -> int:
        """Replaces each value of ``field`` the person holds (one per purpose) with ``value``,
        checked and sealed as a capture is, from ``source`` by ``actor``; each keeps the end of
        its retention and the notice it was given under, and is audited as a correction. How
        many values changed (none: the person holds no such value)."""
        binding = self.registry.fields[field]
        value = normalise(binding, value)
        now = self._clock()
        held = [
            stored for stored in uow.personal_values.of_subject(subject.id) if stored.field == field
        ]
        for stored in held:
            notice = Notice(stored.notice_version, stored.notice_language)
            capture = Capture(subject, field, value, stored.purpose, source, actor, notice)
            purpose = self.registry.purposes[stored.purpose]
            sealed = self._seal(binding, purpose, capture, value, now)
            corrected = replace(
                sealed,
                retention_until=stored.retention_until,
                policy_version=stored.policy_version,
            )
            uow.personal_values.put(subject, corrected)
            event = AuditEvent(
                AuditAction.CORRECTION,
                actor,
                subject.reference,
                field,
                stored.purpose,
                f"source={source}",
            )
            self._audit.record(uow, subject.site_id, event)
        return len(held)

    def _seal(
        self,
        binding: FieldBinding,
        purpose: Purpose,
        capture: Capture,
        value: str | bytes,
        now: datetime,
    ) -> StoredValue:
        raw = value if isinstance(value, bytes) else value.encode()
        plain = sealed = lookup = None
        if binding.storage is Storage.PLAIN:
            plain = value
        else:
            context = _context(capture.subject.reference, binding.key, purpose.key)
            sealed = self._cipher.encrypt(raw, context)
        if binding.storage is Storage.LOOKUP:
            lookup = self._cipher.lookup_hash(binding.key, lookup_form(binding, value))
        counts_from_now = purpose.retention.after is RetentionEvent.CAPTURE
        return StoredValue(
            field=binding.key,
            purpose=purpose.key,
            basis=str(purpose.basis),
            policy_version=self.registry.version,
            notice_version=capture.notice.version,
            notice_language=capture.notice.language,
            source=str(capture.source),
            actor=capture.actor,
            captured_at=now,
            retention_until=self.policy.retention_until(purpose, now) if counts_from_now else None,
            plain_value=plain,
            sealed_value=sealed,
            lookup_hash=lookup,
        )

    def values(self, uow: UnitOfWork, subject: SubjectRecord) -> dict[tuple[str, str], str | bytes]:
        """The subject's values by (field, purpose), decrypted: for the person or staff only.
        A damaged value reads as :data:`UNREADABLE` (an image is left out), and is logged
        without its content; the others are unaffected."""
        return self._decoded(subject, uow.personal_values.of_subject(subject.id))

    def _decoded(
        self, subject: SubjectRecord, values: Sequence[StoredValue | SealedValue]
    ) -> dict[tuple[str, str], str | bytes]:
        result = {}
        for stored in values:
            binary = kind_of(self.registry.fields[stored.field]).binary
            if stored.plain_value is not None:
                result[stored.field, stored.purpose] = stored.plain_value
            elif stored.sealed_value is not None:
                try:
                    clear = self.decrypt(subject.reference, stored)
                except UnreadableValue:
                    log.warning(
                        "a stored value does not decrypt (damaged): %s for %s, person %s",
                        stored.field,
                        stored.purpose,
                        subject.reference,
                    )
                    if not binary:
                        result[stored.field, stored.purpose] = UNREADABLE
                    continue
                result[stored.field, stored.purpose] = clear if binary else clear.decode()
        return result

    def decrypt(self, subject_reference: str, stored: StoredValue | SealedValue) -> bytes:
        """One sealed value in clear; :class:`UnreadableValue` when it was damaged."""
        context = _context(subject_reference, stored.field, stored.purpose)
        return self._cipher.decrypt(stored.sealed_value, context)

    def by_field(self, uow: UnitOfWork, subject: SubjectRecord) -> dict[str, str | bytes]:
        """The subject's values by field, whatever purpose holds them (a field held for two
        purposes holds the same value)."""
        return {field: value for (field, _), value in self.values(uow, subject).items()}

    def registered(self, uow: UnitOfWork, subject: SubjectRecord, field: str) -> str | None:
        """The subject's value of ``field`` as someone other than the subject gave it (a host,
        staff, a scan): what the subject's own answer is checked against; None without one."""
        given = [
            stored
            for stored in uow.personal_values.of_subject(subject.id)
            if stored.field == field and stored.source != Source.GUEST_TYPED
        ]
        if not given:
            return None
        value = self._decoded(subject, given[:1]).get((field, given[0].purpose))
        return None if value in (None, UNREADABLE) else str(value)

    def by_field_many(
        self,
        uow: UnitOfWork,
        subjects: Iterable[SubjectRecord],
        fields: Iterable[str] | None = None,
    ) -> dict[int, dict[str, str | bytes]]:
        """:meth:`by_field` of several subjects (only ``fields``, if given), read in one
        query: by subject id."""
        subjects = list(subjects)
        ids = (subject.id for subject in subjects)
        stored = (
            uow.personal_values.of_subjects(ids)
            if fields is None
            else uow.personal_values.sealed_of_subjects(ids, fields)
        )
        return {
            subject.id: self._by_field(subject, stored.get(subject.id, [])) for subject in subjects
        }

    def shown_of(
        self, uow: UnitOfWork, subject_ids: Iterable[int], fields: Iterable[str]
    ) -> dict[int, dict[str, str | bytes]]:
        """By subject id, the values of ``fields`` of the subjects of these ids, read with the
        subjects in one query: what a list page shows of each person."""
        found = uow.personal_values.sealed_with_subjects(subject_ids, fields)
        return {subject.id: self._by_field(subject, sealed) for subject, sealed in found}

    def _by_field(
        self, subject: SubjectRecord, values: Sequence[StoredValue | SealedValue]
    ) -> dict[str, str | bytes]:
        return {field: value for (field, _), value in self._decoded(subject, values).items()}

    def find_subjects(self, uow: UnitOfWork, site_id: int, field: str, value: object) -> list[int]:
        """Subjects holding ``value`` in a look-up field (e.g. a returning visitor's email)."""
        binding = self.registry.fields[field]
        if binding.storage is not Storage.LOOKUP:
            raise CaptureRefused("not_searchable", f"{field} is not a look-up field", field)
        digest = self._cipher.lookup_hash(field, lookup_form(binding, normalise(binding, value)))
        return uow.personal_values.subjects_with(site_id, field, digest)

    def retake_lookups(self, uow: UnitOfWork, site_id: int) -> int:
        """Takes every stored look-up hash anew, after a kind's look-up form changed (see
        :data:`~kiosk.privacy.field_kinds.LOOKUP_FORMS`); a damaged value keeps its old one.
        Returns how many were taken."""
        taken = 0
        for value_id, reference, stored in list(uow.personal_values.with_lookup(site_id)):
            binding = self.registry.fields.get(stored.field)
            if binding is None or binding.storage is not Storage.LOOKUP:
                continue
            try:
                clear = self.decrypt(reference, stored).decode()
            except UnreadableValue:
                log.warning("a look-up value does not decrypt (damaged): %s", stored.field)
                continue
            lookup = self._cipher.lookup_hash(binding.key, lookup_form(binding, clear))
            uow.personal_values.set_lookup_hash(value_id, lookup)
            taken += 1
        return taken

    def search_plain(
        self, uow: UnitOfWork, site_id: int, fields: tuple[str, ...], text: str, limit: int
    ) -> list[int]:
        """Subjects with ``text`` in one of these fields; only fields stored in the clear (the
        member directory) can be searched."""
        for field in fields:
            if self.registry.fields[field].storage is not Storage.PLAIN:
                raise CaptureRefused("not_searchable", f"{field} cannot be searched")
        return uow.personal_values.subjects_containing(site_id, fields, text, limit)

    def start_retention(
        self, uow: UnitOfWork, subject: SubjectRecord, event: RetentionEvent, at: datetime
    ) -> int:
        """Starts the clock of every value whose purpose counts its retention from ``event``."""
        until = {
            purpose.key: self.policy.retention_until(purpose, at)
            for purpose in self.registry.purposes.values()
            if purpose.retention.after is event
        }
        return uow.personal_values.start_retention(subject.id, until)

    def stop_retention(self, uow: UnitOfWork, subject: SubjectRecord, event: RetentionEvent) -> int:
        """Stops the clock :meth:`start_retention` started (the event was undone: a member
        back in the directory)."""
        return uow.personal_values.start_retention(
            subject.id,
            {
                purpose.key: None
                for purpose in self.registry.purposes.values()
                if purpose.retention.after is event
            },
        )

    def give_consent(
        self,
        uow: UnitOfWork,
        subject: SubjectRecord,
        purpose_key: str,
        notice: Notice,
        text_shown: str,
        source: Source,
        actor: str,
    ) -> None:
        """Records a consent the person gave by ticking an unticked box showing ``text_shown``."""
        purpose = self.registry.purposes.get(purpose_key)
        if purpose is None or purpose.basis is not Basis.CONSENT:
            raise CaptureRefused("not_consent", f"{purpose_key} is not a purpose based on consent")
        if subject.kind not in purpose.subjects or not self.policy.purpose_enabled(purpose):
            raise CaptureRefused("purpose_disabled", f"{purpose_key} is not offered to this person")
        uow.consents.give(
            subject,
            ConsentRecord(
                purpose=purpose_key,
                notice_version=notice.version,
                language=notice.language,
                text_sha256=hashlib.sha256(text_shown.encode()).hexdigest(),
                source=str(source),
                actor=actor,
                given_at=self._clock(),
            ),
        )
        self._audit.record(
            uow,
            subject.site_id,
            AuditEvent(AuditAction.CONSENT_GIVEN, actor, subject.reference, purpose=purpose_key),
        )

    def withdraw_consent(
        self, uow: UnitOfWork, subject: SubjectRecord, purpose_key: str, actor: str
    ) -> None:
        """From now on nothing more is captured for the purpose."""
        if uow.consents.withdraw(subject.id, purpose_key, self._clock()):
            self._audit.record(
                uow,
                subject.site_id,
                AuditEvent(
                    AuditAction.CONSENT_WITHDRAWN, actor, subject.reference, purpose=purpose_key
                ),
            )


def _context(subject_reference: str, field: str, purpose: str) -> str:
    return f"{subject_reference}\x1f{field}\x1f{purpose}"
