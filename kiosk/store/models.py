"""The building's tables. Personal data is never a column here: a host or a guest is a data
subject, and their values live in ``personal_values`` (see :mod:`kiosk.store.privacy_models`)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utc_now
from kiosk.store.base import Base, SiteScoped, not_personal


class Site(Base):
    """A building. Its kiosks share its hosts, invitations and visits."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(
        String(120), unique=True, info=not_personal("the operator's name for the building")
    )
    timezone: Mapped[str] = mapped_column(String(64), info=not_personal("an IANA zone name"))
    key_check: Mapped[str | None] = mapped_column(
        String(64),
        info=not_personal(
            "a keyed hash telling whether a key file is the one the data was "
            "written with; it reveals nothing of the key"
        ),
    )
    lookup_forms: Mapped[int] = mapped_column(
        default=1,
        server_default="1",
        info=not_personal("the version of the look-up forms its look-up hashes were taken of"),
    )
    created_at: Mapped[datetime] = mapped_column(
        default=utc_now, info=not_personal("when the site was set up")
    )
    purged_at: Mapped[datetime | None] = mapped_column(
        info=not_personal("when the retention purge last ran to its end")
    )


class Host(SiteScoped, Base):
    """A member who receives guests; name, email and the rest are the subject's values."""

    __tablename__ = "hosts"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="RESTRICT"), unique=True
    )
    active: Mapped[bool] = mapped_column(default=True, info=not_personal("directory flag"))
    created_at: Mapped[datetime] = mapped_column(
        default=utc_now, info=not_personal("when the directory entry was made")
    )


class Invitation(SiteScoped, Base):
    """A guest (a data subject) expected by a host within a window of time."""

    __tablename__ = "invitations"
    __table_args__ = (
        UniqueConstraint("site_id", "code_digest"),
        Index("ix_invitations_host_starts", "host_id", "starts_at"),
        Index("ix_invitations_host_ends", "host_id", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="RESTRICT"), index=True)
    guest_subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="RESTRICT"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(
        index=True, info=not_personal("the visit's window, kept with the visit's retention")
    )
    ends_at: Mapped[datetime] = mapped_column(
        index=True, info=not_personal("the visit's window, kept with the visit's retention")
    )
    visit_type: Mapped[str] = mapped_column(String(16), info=not_personal("a fixed code"))
    status: Mapped[str] = mapped_column(
        String(16), default="pending", info=not_personal("a fixed code")
    )
    code_digest: Mapped[bytes] = mapped_column(
        LargeBinary(32), info=not_personal("keyed hash of the short code, an access credential")
    )
    code_nonce: Mapped[bytes] = mapped_column(
        LargeBinary(8), info=not_personal("random input of the short code, useless without the key")
    )
    page_nonce: Mapped[bytes | None] = mapped_column(
        LargeBinary(8),
        info=not_personal("random input of the guest page's link once one was revoked"),
    )
    page_opened_at: Mapped[datetime | None] = mapped_column(
        info=not_personal("when the guest first opened their invitation page")
    )
    sequence: Mapped[int] = mapped_column(
        default=0, server_default="0", info=not_personal("how often the calendar entry changed")
    )
    created_at: Mapped[datetime] = mapped_column(
        default=utc_now, info=not_personal("when the invitation was made")
    )


class OutboxJob(SiteScoped, Base):
    """An email or a print to send, written in the same transaction as what caused it.

    It names what to send (a template and the row it is about), never the content: the
    message is composed when it is sent, so erasing a person leaves nothing of them here.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("site_id", "dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), info=not_personal("email, print or message"))
    template: Mapped[str] = mapped_column(String(32), info=not_personal("a fixed code"))
    reference_id: Mapped[int] = mapped_column(info=not_personal("id of the row it is about"))
    dedupe_key: Mapped[str] = mapped_column(String(64), info=not_personal("ids and a counter"))
    status: Mapped[str] = mapped_column(String(16), index=True, info=not_personal("a fixed code"))
    attempts: Mapped[int] = mapped_column(default=0, info=not_personal("a count"))
    next_attempt_at: Mapped[datetime] = mapped_column(index=True, info=not_personal("schedule"))
    last_error: Mapped[str | None] = mapped_column(
        String(200), info=not_personal("a transport error code and reason, never an address")
    )
    claimed_by: Mapped[str | None] = mapped_column(String(64), info=not_personal("a kiosk id"))
    kiosk_id: Mapped[str | None] = mapped_column(
        String(64), index=True, info=not_personal("the kiosk whose printer a print is for")
    )
    recipient: Mapped[str | None] = mapped_column(
        String(64),
        info=not_personal("who a message is for: guest, host, or which reception channel (a hash)"),
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now, info=not_personal("schedule"))
    sent_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))


class Visit(SiteScoped, Base):
    """A guest in the building: from check-in to check-out, with the badge they carry."""

    __tablename__ = "visits"
    __table_args__ = (
        UniqueConstraint("site_id", "badge_day", "badge_number"),
        UniqueConstraint("invitation_id", "badge_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guest_subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="RESTRICT"), index=True
    )
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="RESTRICT"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="RESTRICT"), index=True
    )
    """One visit per invitation and day: a multi-day invitation has one for each day."""
    visit_type: Mapped[str] = mapped_column(String(16), info=not_personal("a fixed code"))
    kiosk_id: Mapped[str] = mapped_column(String(64), info=not_personal("the kiosk's name"))
    badge_day: Mapped[date] = mapped_column(info=not_personal("the site's date of check-in"))
    badge_number: Mapped[int] = mapped_column(info=not_personal("a counter per site and day"))
    checked_in_at: Mapped[datetime] = mapped_column(
        index=True, info=not_personal("the visit's time, kept with the visit's retention")
    )
    checked_out_at: Mapped[datetime | None] = mapped_column(
        index=True, info=not_personal("the visit's time, kept with the visit's retention")
    )
    walk_in_key: Mapped[str | None] = mapped_column(
        String(32),
        unique=True,
        info=not_personal("a random key the kiosk made for one walk-in, to know it if retried"),
    )


class BadgeCounter(SiteScoped, Base):
    """The last badge number given on a day, so that a number is never given twice on a day,
    even after its visit was erased."""

    __tablename__ = "badge_counters"
    __table_args__ = (UniqueConstraint("site_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(info=not_personal("a date"))
    last: Mapped[int] = mapped_column(info=not_personal("a counter"))


class DenyEntry(SiteScoped, Base):
    """A person who may not enter until a date; who they are is the subject's values."""

    __tablename__ = "deny_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="RESTRICT"), unique=True
    )
    until: Mapped[datetime] = mapped_column(index=True, info=not_personal("when the ban ends"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now, info=not_personal("schedule"))
    removed_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))


class VisitStatistic(SiteScoped, Base):
    """How many visits a day had, per host and visit type: what is left of visits once their
    guests' data is gone. Anonymous: a count, never a guest."""

    __tablename__ = "visit_statistics"
    __table_args__ = (UniqueConstraint("site_id", "day", "host_id", "visit_type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(info=not_personal("a date"))
    host_id: Mapped[int] = mapped_column(info=not_personal("a host's id in the directory"))
    visit_type: Mapped[str] = mapped_column(String(16), info=not_personal("a fixed code"))
    visits: Mapped[int] = mapped_column(info=not_personal("a count"))


class ReceptionAlert(SiteScoped, Base):
    """A guest the kiosk sent to reception, or a badge that did not print: for staff to
    handle. Holds a reason code and the rows it is about, never what the guest typed."""

    __tablename__ = "reception_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64), info=not_personal("the kiosk's name"))
    reason: Mapped[str] = mapped_column(String(32), info=not_personal("a fixed code"))
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="CASCADE"), index=True
    )
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(info=not_personal("schedule"))
    times: Mapped[int] = mapped_column(
        default=1, server_default="1", info=not_personal("a counter: how often it was raised")
    )
    resolved_at: Mapped[datetime | None] = mapped_column(index=True, info=not_personal("schedule"))
    resolved_by: Mapped[str | None] = mapped_column(
        String(64), info=not_personal("a kiosk id or a staff number, never a name")
    )


class StaffPinLock(SiteScoped, Base):
    """Wrong staff PINs at a site's kiosks: kept in the database so that guessing is slowed
    across restarts and across the kiosks of one building."""

    __tablename__ = "staff_pin_locks"
    __table_args__ = (UniqueConstraint("site_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wrong_tries: Mapped[int] = mapped_column(info=not_personal("a counter"))
    locks: Mapped[int] = mapped_column(info=not_personal("a counter"))
    locked_until: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))
