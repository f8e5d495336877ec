"""Reads and writes for subjects, personal values, consents and the audit log.

Plain records in and out; nothing here decides what may be stored (the gateway does).
"""

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from kiosk.store.base import among, columns_for
from kiosk.store.privacy_models import (
    AuditEntry,
    AuditHead,
    Consent,
    DataSubject,
    PersonalValue,
    QueuedAuditEntry,
)


@dataclass(frozen=True)
class SubjectRecord:
    id: int
    site_id: int
    kind: str
    reference: str


@dataclass(frozen=True)
class StoredValue:
    """A personal value as the gateway seals it, with its provenance."""

    field: str
    purpose: str
    basis: str
    policy_version: str
    notice_version: str
    notice_language: str
    source: str
    actor: str
    captured_at: datetime
    retention_until: datetime | None
    plain_value: str | None
    sealed_value: bytes | None
    lookup_hash: bytes | None


@dataclass(frozen=True)
class SealedValue:
    """What reading a value back needs, without its provenance: a list page reads hundreds."""

    field: str
    purpose: str
    plain_value: str | None
    sealed_value: bytes | None


@dataclass(frozen=True)
class ConsentRecord:
    purpose: str
    notice_version: str
    language: str
    text_sha256: str
    source: str
    actor: str
    given_at: datetime
    withdrawn_at: datetime | None = None


@dataclass(frozen=True)
class QueuedAudit:
    """What an audit entry says and when it happened: queued for the chain as it is."""

    at: datetime
    action: str
    actor: str
    subject_ref: str | None
    field: str | None
    purpose: str | None
    detail: str


@dataclass(frozen=True, kw_only=True)
class AuditRow(QueuedAudit):
    """An entry of the chain: what it says, where it stands, and its MAC."""

    seq: int
    prev_mac: str
    mac: str


@dataclass(frozen=True)
class AuditHeadRow:
    seq: int
    mac: str
    seal: str


def _subject(row: DataSubject) -> SubjectRecord:
    return SubjectRecord(row.id, row.site_id, row.kind, row.reference)


class SubjectRepository:
    def __init__(self, session: Session, created: set[int]) -> None:
        self._session = session
        self._created = created

    def create(self, site_id: int, kind: str) -> SubjectRecord:
        row = DataSubject(site_id=site_id, kind=kind, reference=secrets.token_hex(16))
        self._session.add(row)
        self._session.flush()
        self._created.add(row.id)
        return _subject(row)

    def get(self, subject_id: int) -> SubjectRecord | None:
        row = self._session.get(DataSubject, subject_id)
        return _subject(row) if row else None

    def get_many(self, subject_ids: Iterable[int]) -> list[SubjectRecord]:
        """The subjects of these ids (in one query), in no particular order."""
        columns = columns_for(DataSubject, SubjectRecord)
        rows = self._session.execute(select(*columns).where(among(DataSubject.id, subject_ids)))
        return [SubjectRecord(*row) for row in rows]

    def any(self, site_id: int) -> bool:
        """Whether the site holds anybody's data."""
        query = select(DataSubject.id).where(DataSubject.site_id == site_id).limit(1)
        return self._session.scalar(query) is not None

    def by_reference(self, reference: str) -> SubjectRecord | None:
        row = self._session.scalar(select(DataSubject).where(DataSubject.reference == reference))
        return _subject(row) if row else None


class PersonalValueRepository:
    def __init__(self, session: Session, created: set[int]) -> None:
        self._session = session
        self._created = created
        """Subjects created in this unit of work: they hold nothing yet to replace."""

    def put(self, subject: SubjectRecord, value: StoredValue) -> None:
        """Stores the value, replacing the one held for the same field and purpose."""
        row = None
        if subject.id not in self._created:
            row = self._session.scalar(
                select(PersonalValue).where(
                    PersonalValue.subject_id == subject.id,
                    PersonalValue.field == value.field,
                    PersonalValue.purpose == value.purpose,
                )
            )
        if row is None:
            row = PersonalValue(site_id=subject.site_id, subject_id=subject.id)
            self._session.add(row)
        for name, content in vars(value).items():
            setattr(row, name, content)

    def of_subject(self, subject_id: int) -> list[StoredValue]:
        return self.of_subjects([subject_id]).get(subject_id, [])

    def delete_field(self, subject_id: int, field: str) -> int:
        """Erases the person's values of ``field`` (for any purpose); how many."""
        return self._session.execute(
            delete(PersonalValue).where(
                PersonalValue.subject_id == subject_id, PersonalValue.field == field
            )
        ).rowcount

    def of_subjects(
        self, subject_ids: Iterable[int], fields: Iterable[str] | None = None
    ) -> dict[int, list[StoredValue]]:
        """Each subject's values (only ``fields``, if given), by field and purpose: one query,
        read as plain rows (a list page reads hundreds)."""
        columns = columns_for(PersonalValue, StoredValue)
        query = (
            select(PersonalValue.subject_id, *columns)
            .where(among(PersonalValue.subject_id, subject_ids))
            .order_by(PersonalValue.subject_id, PersonalValue.field, PersonalValue.purpose)
        )
        if fields is not None:
            query = query.where(PersonalValue.field.in_(set(fields)))
        found: dict[int, list[StoredValue]] = {}
        for subject_id, *stored in self._session.execute(query):
            found.setdefault(subject_id, []).append(StoredValue(*stored))  # by position: fast
        return found

    def sealed_of_subjects(
        self, subject_ids: Iterable[int], fields: Iterable[str]
    ) -> dict[int, list[SealedValue]]:
        """Each subject's values of ``fields``, only as read back: one query of plain rows."""
        columns = columns_for(PersonalValue, SealedValue)
        query = (
            select(PersonalValue.subject_id, *columns)
            .where(among(PersonalValue.subject_id, subject_ids))
            .where(PersonalValue.field.in_(set(fields)))
        )
        found: dict[int, list[SealedValue]] = {}
        for subject_id, *sealed in self._session.execute(query):
            found.setdefault(subject_id, []).append(SealedValue(*sealed))
        return found

    def sealed_with_subjects(
        self, subject_ids: Iterable[int], fields: Iterable[str]
    ) -> list[tuple[SubjectRecord, list[SealedValue]]]:
        """These subjects, each with its values of ``fields``: one query for a list page."""
        subject_columns = columns_for(DataSubject, SubjectRecord)
        subject_ids = list(subject_ids)
        values = (
            (PersonalValue.subject_id == DataSubject.id)
            & PersonalValue.field.in_(set(fields))
            # the ids again on the values' side: else the planner may read every value
            & among(PersonalValue.subject_id, subject_ids)
        )
        query = (
            select(*subject_columns, *columns_for(PersonalValue, SealedValue))
            .select_from(DataSubject)
            .outerjoin(PersonalValue, values)
            .where(among(DataSubject.id, subject_ids))
        )
        split = len(subject_columns)
        found: dict[int, tuple[SubjectRecord, list[SealedValue]]] = {}
        for row in self._session.execute(query):
            _, sealed = found.setdefault(row[0], (SubjectRecord(*row[:split]), []))
            if row[split] is not None:
                sealed.append(SealedValue(*row[split:]))
        return list(found.values())

    def subjects_with(self, site_id: int, field: str, lookup_hash: bytes) -> list[int]:
        return list(
            self._session.scalars(
                select(PersonalValue.subject_id)
                .where(
                    PersonalValue.site_id == site_id,
                    PersonalValue.field == field,
                    PersonalValue.lookup_hash == lookup_hash,
                )
                .distinct()
            )
        )

    def subjects_containing(
        self, site_id: int, fields: tuple[str, ...], text: str, limit: int
    ) -> list[int]:
        """Subjects whose plain value of one of ``fields`` contains ``text`` (any case)."""
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return list(
            self._session.scalars(
                select(PersonalValue.subject_id)
                .where(
                    PersonalValue.site_id == site_id,
                    PersonalValue.field.in_(fields),
                    PersonalValue.plain_value.ilike(pattern, escape="\\"),
                )
                .distinct()
                .limit(limit)
            )
        )

    def start_retention(self, subject_id: int, until_by_purpose: dict[str, datetime | None]) -> int:
        """Sets ``retention_until`` of the subject's values held for these purposes (None: no
        clock runs)."""
        changed = 0
        for purpose, until in until_by_purpose.items():
            result = self._session.execute(
                update(PersonalValue)
                .where(PersonalValue.subject_id == subject_id, PersonalValue.purpose == purpose)
                .values(retention_until=until)
            )
            changed += result.rowcount
        return changed

    def count(self, site_id: int) -> int:
        return self._session.scalar(
            select(func.count()).select_from(PersonalValue).where(PersonalValue.site_id == site_id)
        )

    def sealed(self, site_id: int) -> Iterator[tuple[str, StoredValue]]:
        """Every encrypted value of the site with its person's reference, read in batches."""
        rows = self._session.execute(
            select(DataSubject.reference, PersonalValue)
            .join(DataSubject, DataSubject.id == PersonalValue.subject_id)
            .where(PersonalValue.site_id == site_id, PersonalValue.sealed_value.is_not(None))
            .order_by(PersonalValue.id)
            .execution_options(yield_per=1000)
        )
        for reference, row in rows:
            yield reference, _stored(row)

    def with_lookup(self, site_id: int) -> Iterator[tuple[int, str, StoredValue]]:
        """Every value of the site with a look-up hash: its row, its person's reference and
        the value."""
        rows = self._session.execute(
            select(DataSubject.reference, PersonalValue)
            .join(DataSubject, DataSubject.id == PersonalValue.subject_id)
            .where(PersonalValue.site_id == site_id, PersonalValue.lookup_hash.is_not(None))
            .order_by(PersonalValue.id)
        )
        for reference, row in rows:
            yield row.id, reference, _stored(row)

    def set_lookup_hash(self, value_id: int, lookup_hash: bytes) -> None:
        self._session.get(PersonalValue, value_id).lookup_hash = lookup_hash


def _stored(row) -> StoredValue:
    """From a live row or a plain one with the same column names."""
    return StoredValue(**{name: getattr(row, name) for name in StoredValue.__dataclass_fields__})


class ConsentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def give(self, subject: SubjectRecord, consent: ConsentRecord) -> None:
        self._session.add(Consent(site_id=subject.site_id, subject_id=subject.id, **vars(consent)))
        self._session.flush()

    def withdraw(self, subject_id: int, purpose: str, at: datetime) -> int:
        result = self._session.execute(
            update(Consent)
            .where(
                Consent.subject_id == subject_id,
                Consent.purpose == purpose,
                Consent.withdrawn_at.is_(None),
            )
            .values(withdrawn_at=at)
        )
        return result.rowcount

    def of_subject(self, subject_id: int) -> list[ConsentRecord]:
        rows = self._session.scalars(
            select(Consent).where(Consent.subject_id == subject_id).order_by(Consent.given_at)
        )
        names = ConsentRecord.__dataclass_fields__
        return [ConsentRecord(**{name: getattr(row, name) for name in names}) for row in rows]

    def is_active(self, subject_id: int, purpose: str) -> bool:
        return (
            self._session.scalar(
                select(Consent.id).where(
                    Consent.subject_id == subject_id,
                    Consent.purpose == purpose,
                    Consent.withdrawn_at.is_(None),
                )
            )
            is not None
        )


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._locked: dict[int, AuditHead] = {}
        """Heads this transaction holds the lock on, read once."""
        self._moved: dict[int, AuditHeadRow] = {}
        """Where appends moved each head; written once, by :meth:`write_heads`."""

    def head_for_update(self, site_id: int) -> AuditHeadRow | None:
        """The site's newest entry, locked until the transaction ends (PostgreSQL), so
        kiosks sharing a database append one at a time."""
        if site_id in self._moved:
            return self._moved[site_id]
        head = self._locked.get(site_id) or self._session.scalar(
            select(AuditHead).where(AuditHead.site_id == site_id).with_for_update()
        )
        if head is None:
            return None
        self._locked[site_id] = head
        return AuditHeadRow(head.seq, head.mac, head.seal)

    def start(self, site_id: int, seal: str) -> None:
        self._session.add(AuditHead(site_id=site_id, seq=0, mac="0" * 64, seal=seal))
        self._session.flush()

    def append(self, site_id: int, row: AuditRow, seal: str) -> None:
        """Adds the entry and moves the head to it; call after :meth:`head_for_update`."""
        self._session.add(AuditEntry(site_id=site_id, **vars(row)))
        self._moved[site_id] = AuditHeadRow(row.seq, row.mac, seal)

    def write_heads(self) -> None:
        """Moves each locked head to its newest entry; the unit of work calls it on commit."""
        for site_id, moved in self._moved.items():
            head = self._locked[site_id]
            head.seq, head.mac, head.seal = moved.seq, moved.mac, moved.seal
        self._moved.clear()

    def entries(self, site_id: int, subject_ref: str | None = None) -> list[AuditRow]:
        """The site's entries in order; only those about one person with ``subject_ref``."""
        query = select(AuditEntry).where(AuditEntry.site_id == site_id).order_by(AuditEntry.id)
        if subject_ref is not None:
            query = query.where(AuditEntry.subject_ref == subject_ref)
        rows = self._session.scalars(query)
        return [AuditRow(**{n: getattr(r, n) for n in AuditRow.__dataclass_fields__}) for r in rows]

    def head(self, site_id: int) -> AuditHeadRow | None:
        head = self._session.get(AuditHead, site_id)
        return AuditHeadRow(head.seq, head.mac, head.seal) if head else None

    def mac_at(self, site_id: int, seq: int) -> str | None:
        """The MAC of entry ``seq``; None when the log holds no such entry."""
        return self._session.scalar(
            select(AuditEntry.mac).where(AuditEntry.site_id == site_id, AuditEntry.seq == seq)
        )

    def last_entry(self, site_id: int) -> AuditRow | None:
        row = self._session.scalar(
            select(AuditEntry)
            .where(AuditEntry.site_id == site_id)
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        )
        names = AuditRow.__dataclass_fields__
        return AuditRow(**{name: getattr(row, name) for name in names}) if row else None

    def enqueue(self, site_id: int, entry: QueuedAudit) -> None:
        """Inserted at once, as a plain row: no ORM object for the commit to flush."""
        self._session.execute(insert(QueuedAuditEntry).values(site_id=site_id, **vars(entry)))

    def any_queued(self, site_id: int) -> bool:
        query = select(QueuedAuditEntry.id).where(QueuedAuditEntry.site_id == site_id).limit(1)
        return self._session.scalar(query) is not None

    def take_queued(self, site_id: int, limit: int) -> list[QueuedAudit]:
        """The oldest queued entries (at most ``limit``), removed from the queue; call with
        the head locked, so two kiosks never fold the same entry."""
        rows = list(
            self._session.scalars(
                select(QueuedAuditEntry)
                .where(QueuedAuditEntry.site_id == site_id)
                .order_by(QueuedAuditEntry.id)
                .limit(limit)
            )
        )
        if rows:
            self._session.execute(
                delete(QueuedAuditEntry).where(among(QueuedAuditEntry.id, (r.id for r in rows)))
            )
        names = QueuedAudit.__dataclass_fields__
        return [QueuedAudit(**{name: getattr(row, name) for name in names}) for row in rows]

    def restart(self, site_id: int, seq: int, mac: str, seal: str) -> None:
        """A head where the log's went missing, at the newest entry left; locked like any."""
        self._session.add(AuditHead(site_id=site_id, seq=seq, mac=mac, seal=seal))
        self._session.flush()
