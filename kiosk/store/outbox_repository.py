"""The durable outbox: jobs written with the transaction that caused them, claimed by one
worker at a time (row locks with SKIP LOCKED on PostgreSQL; SQLite has a single writer)."""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session

from kiosk.store.models import Invitation, OutboxJob, ReceptionAlert, Visit


class JobStatus(StrEnum):
    """Where a job is: waiting to be sent (again), being sent, sent; refused for good, or cut
    off half-way (it may have gone out: staff decide, it is never resent by itself)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


class Channel(StrEnum):
    """How a job goes out; each has one sender (wired in ``kiosk.services.outbox``)."""

    EMAIL = "email"
    PRINT = "print"
    MESSAGE = "message"
    """Chat, SMS and webhooks (Apprise): each job to a destination of its own."""


class Recipient(StrEnum):
    """Who a message is for; a job never holds an address (it is looked up when it is sent).
    Reception's channels are ``reception:`` and a hash of each channel's address."""

    GUEST = "guest"
    HOST = "host"


RECEPTION = "reception:"


class Template(StrEnum):
    """What a job sends, composed when it is sent from the row it is about."""

    INVITATION = "invitation"
    ARRIVAL = "arrival"
    BADGE = "badge"
    ALERT = "alert"

    @property
    def about(self) -> str:
        """The table of the row ``reference_id`` names."""
        return {Template.INVITATION: "invitations", Template.ALERT: "reception_alerts"}.get(
            self, "visits"
        )


VISIT_TEMPLATES = tuple(t for t in Template if t.about == "visits")
INVITATION_TEMPLATES = tuple(t for t in Template if t.about == "invitations")


@dataclass(frozen=True)
class JobRecord:
    id: int
    channel: str
    template: str
    reference_id: int
    dedupe_key: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    recipient: str | None = None
    kiosk_id: str | None = None
    """The kiosk whose printer a print is for."""


def _job(row: OutboxJob) -> JobRecord:
    return JobRecord(**{name: getattr(row, name) for name in JobRecord.__dataclass_fields__})


class OutboxRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def enqueue(
        self,
        site_id: int,
        channel: Channel,
        template: Template,
        reference_id: int,
        dedupe_key: str,
        now: datetime,
        kiosk_id: str | None = None,
        recipient: str | None = None,
    ) -> None:
        """Adds the job; ``dedupe_key`` is unique per site, so the same job is never added twice
        (the database refuses it). ``kiosk_id`` names the one kiosk that may send it (a badge,
        for the printer beside its guest); None lets any. ``recipient`` says who a message is
        for, never their address."""
        job = OutboxJob(
            site_id=site_id,
            channel=channel,
            template=template,
            reference_id=reference_id,
            dedupe_key=dedupe_key,
            status=JobStatus.PENDING,
            next_attempt_at=now,
            kiosk_id=kiosk_id,
            recipient=recipient,
        )
        self._session.add(job)

    def count_for(
        self, site_id: int, template: str, reference_id: int, channel: str | None = None
    ) -> int:
        query = (
            select(func.count())
            .select_from(OutboxJob)
            .where(
                OutboxJob.site_id == site_id,
                OutboxJob.template == template,
                OutboxJob.reference_id == reference_id,
            )
        )
        if channel is not None:
            query = query.where(OutboxJob.channel == channel)
        return self._session.scalar(query)

    def latest_for(self, site_id: int, template: str, reference_id: int) -> JobRecord | None:
        row = self._session.scalar(
            select(OutboxJob)
            .where(
                OutboxJob.site_id == site_id,
                OutboxJob.template == template,
                OutboxJob.reference_id == reference_id,
            )
            .order_by(OutboxJob.id.desc())
            .limit(1)
        )
        return _job(row) if row else None

    def claim_due(
        self,
        site_id: int,
        channel: str,
        now: datetime,
        claimer: str,
        limit: int,
        kiosk_id: str | None = None,
    ) -> list[JobRecord]:
        """Marks up to ``limit`` due jobs as being sent by ``claimer`` and returns them (only
        those for ``kiosk_id``, if given). Commit right away, before sending, so no other
        worker can take them."""
        mine = OutboxJob.kiosk_id == kiosk_id if kiosk_id else OutboxJob.kiosk_id.is_(None)
        rows = self._session.scalars(
            select(OutboxJob)
            .where(
                OutboxJob.site_id == site_id,
                OutboxJob.channel == channel,
                OutboxJob.status == JobStatus.PENDING,
                OutboxJob.next_attempt_at <= now,
                mine,
            )
            .order_by(OutboxJob.next_attempt_at, OutboxJob.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.status, row.claimed_by, row.attempts = JobStatus.SENDING, claimer, row.attempts + 1
            row.next_attempt_at = now  # while sending: when it was claimed
        self._session.flush()
        return [_job(row) for row in rows]

    def finish(
        self,
        job_id: int,
        status: str,
        *,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
        sent_at: datetime | None = None,
    ) -> None:
        values: dict = {"status": status, "last_error": error, "sent_at": sent_at}
        if next_attempt_at is not None:
            values["next_attempt_at"] = next_attempt_at
        self._session.execute(update(OutboxJob).where(OutboxJob.id == job_id).values(**values))

    def mark_abandoned(self, site_id: int, claimed_before: datetime) -> int:
        """Jobs left 'sending' by a worker that died: they may have gone out, so they become
        'uncertain' for staff to decide, never resent on their own."""
        result = self._session.execute(
            update(OutboxJob)
            .where(
                OutboxJob.site_id == site_id,
                OutboxJob.status == JobStatus.SENDING,
                OutboxJob.next_attempt_at < claimed_before,
            )
            .values(status=JobStatus.UNCERTAIN, last_error="the sender stopped while sending")
        )
        return result.rowcount

    def withdraw_badges(self, site_id: int, today: date, error: str) -> int:
        """Badges waiting for visits that are over (signed out, or of an earlier day): failed
        with ``error``, never printed."""
        over = exists().where(
            Visit.id == OutboxJob.reference_id,
            or_(Visit.checked_out_at.is_not(None), Visit.badge_day < today),
        )
        result = self._session.execute(
            update(OutboxJob)
            .where(
                OutboxJob.site_id == site_id,
                OutboxJob.template == Template.BADGE,
                OutboxJob.status == JobStatus.PENDING,
                over,
            )
            .values(status=JobStatus.FAILED, last_error=error)
        )
        return result.rowcount

    def requeue(self, site_id: int, statuses: tuple[str, ...], now: datetime) -> int:
        result = self._session.execute(
            update(OutboxJob)
            .where(OutboxJob.site_id == site_id, OutboxJob.status.in_(statuses))
            .values(status=JobStatus.PENDING, next_attempt_at=now)
        )
        return result.rowcount

    def backlog(self, site_id: int) -> tuple[int, datetime | None]:
        """How many jobs wait to go out (or are going), and when the oldest of them was made."""
        count, oldest = self._session.execute(
            select(func.count(), func.min(OutboxJob.created_at)).where(
                OutboxJob.site_id == site_id,
                OutboxJob.status.in_((JobStatus.PENDING, JobStatus.SENDING)),
            )
        ).one()
        return count, oldest

    def all(self, site_id: int, statuses: tuple[str, ...] | None = None) -> list[JobRecord]:
        query = select(OutboxJob).where(OutboxJob.site_id == site_id).order_by(OutboxJob.id)
        if statuses:
            query = query.where(OutboxJob.status.in_(statuses))
        return [_job(row) for row in self._session.scalars(query)]

    def sent_about(self, site_id: int, subject_id: int) -> list[JobRecord]:
        """What went out about a person (their invitations, visits and reception's alerts
        about them), the oldest first: the recipients that actually received their data."""
        rows = self._session.scalars(
            select(OutboxJob)
            .where(
                OutboxJob.site_id == site_id,
                OutboxJob.status == JobStatus.SENT,
                _about_person(subject_id),
            )
            .order_by(OutboxJob.sent_at, OutboxJob.id)
        )
        return [_job(row) for row in rows]

    def withdraw_about(self, site_id: int, subject_id: int, error: str) -> int:
        """Stops every job about a person still waiting to go, saying ``error``; how many."""
        return self._session.execute(
            update(OutboxJob)
            .where(
                OutboxJob.site_id == site_id,
                OutboxJob.status == JobStatus.PENDING,
                _about_person(subject_id),
            )
            .values(status=JobStatus.FAILED, last_error=error)
        ).rowcount


def _about_person(subject_id: int):
    """Jobs about a person: their invitations, their visits, reception's alerts about them."""
    about = {
        INVITATION_TEMPLATES: select(Invitation.id).where(
            Invitation.guest_subject_id == subject_id
        ),
        VISIT_TEMPLATES: select(Visit.id).where(Visit.guest_subject_id == subject_id),
        (Template.ALERT,): select(ReceptionAlert.id).where(ReceptionAlert.subject_id == subject_id),
    }
    return or_(
        *(
            OutboxJob.template.in_(templates) & OutboxJob.reference_id.in_(ids)
            for templates, ids in about.items()
        )
    )
