"""Where personal data lives: subjects, their values with provenance, consents, the audit log."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utc_now
from kiosk.store.base import REGISTRY_VALUE, Base, SiteScoped, not_personal

CODE = not_personal("a code from the purpose registry or a fixed list")
ACTOR = not_personal("a kiosk id or a staff number, never a name")
WHEN = not_personal("a timestamp of processing")
PSEUDONYM = not_personal("a random pseudonymous reference, derived from nothing personal")


class DataSubject(SiteScoped, Base):
    """A person the kiosk holds data about: a visitor or a member."""

    __tablename__ = "data_subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), info=CODE)
    reference: Mapped[str] = mapped_column(String(32), unique=True, info=PSEUDONYM)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, info=WHEN)


class PersonalValue(SiteScoped, Base):
    """One value of one field of one person, held for one purpose, with its provenance."""

    __tablename__ = "personal_values"
    __table_args__ = (
        UniqueConstraint("subject_id", "field", "purpose"),
        Index("ix_personal_values_lookup", "site_id", "field", "lookup_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(64), info=CODE)
    purpose: Mapped[str] = mapped_column(String(64), info=CODE)
    basis: Mapped[str] = mapped_column(String(32), info=CODE)
    policy_version: Mapped[str] = mapped_column(String(64), info=CODE)
    notice_version: Mapped[str] = mapped_column(String(32), info=CODE)
    notice_language: Mapped[str] = mapped_column(String(8), info=CODE)
    source: Mapped[str] = mapped_column(String(24), info=CODE)
    actor: Mapped[str] = mapped_column(String(64), info=ACTOR)
    captured_at: Mapped[datetime] = mapped_column(info=WHEN)
    retention_until: Mapped[datetime | None] = mapped_column(index=True, info=WHEN)
    plain_value: Mapped[str | None] = mapped_column(Text, info=REGISTRY_VALUE)
    sealed_value: Mapped[bytes | None] = mapped_column(LargeBinary, info=REGISTRY_VALUE)
    lookup_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32), info=REGISTRY_VALUE)


class Consent(SiteScoped, Base):
    """A consent given for one purpose, and its withdrawal, with what the person was shown."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(64), info=CODE)
    notice_version: Mapped[str] = mapped_column(String(32), info=CODE)
    language: Mapped[str] = mapped_column(String(8), info=CODE)
    text_sha256: Mapped[str] = mapped_column(
        String(64), info=not_personal("hash of the consent text shown, the same for everyone")
    )
    source: Mapped[str] = mapped_column(String(24), info=CODE)
    actor: Mapped[str] = mapped_column(String(64), info=ACTOR)
    given_at: Mapped[datetime] = mapped_column(info=WHEN)
    withdrawn_at: Mapped[datetime | None] = mapped_column(info=WHEN)


class AuditEntrySays:
    """What an audit entry says, in the chain or queued for it: never a personal value."""

    at: Mapped[datetime] = mapped_column(info=WHEN)
    action: Mapped[str] = mapped_column(String(24), info=CODE)
    actor: Mapped[str] = mapped_column(String(64), info=ACTOR)
    subject_ref: Mapped[str | None] = mapped_column(String(32), info=PSEUDONYM)
    field: Mapped[str | None] = mapped_column(String(64), info=CODE)
    purpose: Mapped[str | None] = mapped_column(String(64), info=CODE)
    detail: Mapped[str] = mapped_column(String(200), info=CODE)


class AuditEntry(SiteScoped, AuditEntrySays, Base):
    """One entry of the hash-chained audit log (see :mod:`kiosk.privacy.audit`)."""

    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("site_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(info=not_personal("position in the chain"))
    prev_mac: Mapped[str] = mapped_column(String(64), info=not_personal("chain MAC"))
    mac: Mapped[str] = mapped_column(String(64), info=not_personal("chain MAC"))


class QueuedAuditEntry(SiteScoped, AuditEntrySays, Base):
    """An audit entry waiting to join the chain: written without the chain's lock where that
    lock would hold a page up (a portal view), and folded into the chain in order, in the
    background or before the log is read (see :meth:`AuditTrail.fold_queue`)."""

    __tablename__ = "audit_queue"

    id: Mapped[int] = mapped_column(primary_key=True)


class AuditHead(Base):
    """The newest entry of a site's audit log, sealed; locked while an entry is appended."""

    __tablename__ = "audit_heads"

    site_id: Mapped[int] = mapped_column(
        ForeignKey("sites.id", ondelete="RESTRICT"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(info=not_personal("position in the chain"))
    mac: Mapped[str] = mapped_column(String(64), info=not_personal("chain MAC"))
    seal: Mapped[str] = mapped_column(String(64), info=not_personal("chain MAC"))


class LegalHold(SiteScoped, Base):
    """Data of one person that must not be purged or erased until a date (a dispute, an
    investigation, a court order)."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="RESTRICT"), index=True
    )
    reason: Mapped[str] = mapped_column(
        String(200),
        info=not_personal("a case number or legal reference; the form asks for no names"),
    )
    until: Mapped[datetime] = mapped_column(info=WHEN)
    actor: Mapped[str] = mapped_column(String(64), info=ACTOR)
    created_at: Mapped[datetime] = mapped_column(info=WHEN)
    released_at: Mapped[datetime | None] = mapped_column(info=WHEN)


class RetentionSetting(SiteScoped, Base):
    """The retention in days last applied for each purpose, so a shorter one is noticed."""

    __tablename__ = "retention_settings"
    __table_args__ = (UniqueConstraint("site_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(64), info=CODE)
    days: Mapped[int] = mapped_column(info=not_personal("a retention period"))
    changed_at: Mapped[datetime] = mapped_column(info=WHEN)
