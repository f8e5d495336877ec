"""What retention and the data-subject rights read and remove: legal holds, the retention last
applied per purpose, values past their retention, and the records of people nothing is held
about any more (their visits kept only as anonymous counts)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from kiosk.store.models import DenyEntry, Invitation, OutboxJob, Visit, VisitStatistic
from kiosk.store.outbox_repository import INVITATION_TEMPLATES, VISIT_TEMPLATES
from kiosk.store.privacy_models import (
    Consent,
    DataSubject,
    LegalHold,
    PersonalValue,
    RetentionSetting,
)

BATCH = 5000


@dataclass(frozen=True)
class HoldRecord:
    id: int
    subject_id: int
    reason: str
    until: datetime
    actor: str
    created_at: datetime
    released_at: datetime | None


@dataclass(frozen=True)
class ExpiredValue:
    id: int
    subject_id: int
    field: str
    purpose: str


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- legal holds -----------------------------------------------------------------------

    def hold(
        self, site_id: int, subject_id: int, reason: str, until: datetime, actor: str, now: datetime
    ) -> None:
        self._session.add(
            LegalHold(
                site_id=site_id,
                subject_id=subject_id,
                reason=reason,
                until=until,
                actor=actor,
                created_at=now,
            )
        )

    def release(self, subject_id: int, now: datetime) -> int:
        result = self._session.execute(
            update(LegalHold)
            .where(LegalHold.subject_id == subject_id, LegalHold.released_at.is_(None))
            .values(released_at=now)
        )
        return result.rowcount

    def holds_of(self, subject_id: int, now: datetime) -> list[HoldRecord]:
        """The subject's holds in force at ``now``."""
        rows = self._session.scalars(
            select(LegalHold).where(
                LegalHold.subject_id == subject_id,
                LegalHold.released_at.is_(None),
                LegalHold.until > now,
            )
        )
        return [
            HoldRecord(**{n: getattr(r, n) for n in HoldRecord.__dataclass_fields__}) for r in rows
        ]

    def _held(self, site_id: int, now: datetime):
        return select(LegalHold.subject_id).where(
            LegalHold.site_id == site_id, LegalHold.released_at.is_(None), LegalHold.until > now
        )

    # --- retention applied -----------------------------------------------------------------

    def applied_days(self, site_id: int) -> dict[str, int]:
        rows = self._session.execute(
            select(RetentionSetting.purpose, RetentionSetting.days).where(
                RetentionSetting.site_id == site_id
            )
        )
        return {purpose: days for purpose, days in rows}

    def set_applied_days(self, site_id: int, purpose: str, days: int, now: datetime) -> None:
        row = self._session.scalar(
            select(RetentionSetting).where(
                RetentionSetting.site_id == site_id, RetentionSetting.purpose == purpose
            )
        )
        if row is None:
            self._session.add(
                RetentionSetting(site_id=site_id, purpose=purpose, days=days, changed_at=now)
            )
        else:
            row.days, row.changed_at = days, now

    def shift_retention(self, site_id: int, purpose: str, by_days: int) -> int:
        """Moves the retention end of every value held for ``purpose`` by ``by_days``."""
        rows = self._session.scalars(
            select(PersonalValue).where(
                PersonalValue.site_id == site_id,
                PersonalValue.purpose == purpose,
                PersonalValue.retention_until.is_not(None),
            )
        ).all()
        for row in rows:
            row.retention_until = row.retention_until + timedelta(days=by_days)
        return len(rows)

    # --- visits that ended without a check-out: no-shows, guests sent to reception -----------

    def unended_visit_subjects(self, site_id: int, purposes: tuple[str, ...]) -> list[int]:
        """Visitors holding values whose retention waits for a visit's end that has not come."""
        return list(
            self._session.scalars(
                select(PersonalValue.subject_id)
                .where(
                    PersonalValue.site_id == site_id,
                    PersonalValue.purpose.in_(purposes),
                    PersonalValue.retention_until.is_(None),
                )
                .distinct()
            )
        )

    def visit_end_of(self, subject_id: int, now: datetime) -> datetime | None:
        """When the subject's visit ended, as far as the records tell; None while a visit is
        open or an invitation still lies ahead."""
        open_visit = self._session.scalar(
            select(Visit.id).where(
                Visit.guest_subject_id == subject_id, Visit.checked_out_at.is_(None)
            )
        )
        if open_visit is not None:
            return None
        ends = self._session.scalar(
            select(func.max(Invitation.ends_at)).where(Invitation.guest_subject_id == subject_id)
        )
        captured = self._session.scalar(
            select(func.max(PersonalValue.captured_at)).where(
                PersonalValue.subject_id == subject_id
            )
        )
        last = max(moment for moment in (ends, captured) if moment is not None)
        return last if last <= now else None

    # --- purge -----------------------------------------------------------------------------

    def expired(self, site_id: int, now: datetime, limit: int = BATCH) -> list[ExpiredValue]:
        """Values past their retention, but none of a person under a legal hold. In no order:
        sorting would make every batch of a long purge go through all that is left."""
        rows = self._session.execute(
            select(
                PersonalValue.id,
                PersonalValue.subject_id,
                PersonalValue.field,
                PersonalValue.purpose,
            )
            .where(
                PersonalValue.site_id == site_id,
                PersonalValue.retention_until <= now,
                PersonalValue.subject_id.not_in(self._held(site_id, now)),
            )
            .limit(limit)
        )
        return [ExpiredValue(*row) for row in rows]

    def count_expired(self, site_id: int, now: datetime) -> Counter[tuple[str, str]]:
        rows = self._session.execute(
            select(PersonalValue.field, PersonalValue.purpose, func.count())
            .where(
                PersonalValue.site_id == site_id,
                PersonalValue.retention_until <= now,
                PersonalValue.subject_id.not_in(self._held(site_id, now)),
            )
            .group_by(PersonalValue.field, PersonalValue.purpose)
        )
        return Counter({(field, purpose): count for field, purpose, count in rows})

    def oldest_overdue(self, site_id: int, now: datetime) -> datetime | None:
        """When the value longest past its retention (and under no legal hold) was due to go."""
        return self._session.scalar(
            select(func.min(PersonalValue.retention_until)).where(
                PersonalValue.site_id == site_id,
                PersonalValue.retention_until <= now,
                PersonalValue.subject_id.not_in(self._held(site_id, now)),
            )
        )

    def delete_values(self, value_ids: list[int]) -> None:
        self._session.execute(delete(PersonalValue).where(PersonalValue.id.in_(value_ids)))

    def delete_subject_values(self, subject_id: int, keep_purposes: tuple[str, ...] = ()) -> int:
        result = self._session.execute(
            delete(PersonalValue).where(
                PersonalValue.subject_id == subject_id,
                PersonalValue.purpose.not_in(keep_purposes),
            )
        )
        return result.rowcount

    def delete_purpose_values(self, subject_id: int, purpose: str) -> int:
        result = self._session.execute(
            delete(PersonalValue).where(
                PersonalValue.subject_id == subject_id, PersonalValue.purpose == purpose
            )
        )
        return result.rowcount

    # --- people nothing is held about ------------------------------------------------------

    def emptied_visitors(self, site_id: int, now: datetime, limit: int = BATCH) -> list[int]:
        """Visitors who hold no value any more, have no open visit, no invitation ahead, no
        deny-list entry in force and no legal hold: their records can go."""
        has_values = select(PersonalValue.subject_id).where(PersonalValue.site_id == site_id)
        open_visits = select(Visit.guest_subject_id).where(
            Visit.site_id == site_id, Visit.checked_out_at.is_(None)
        )
        ahead = select(Invitation.guest_subject_id).where(
            Invitation.site_id == site_id, Invitation.ends_at > now
        )
        banned = select(DenyEntry.subject_id).where(
            DenyEntry.site_id == site_id, DenyEntry.removed_at.is_(None), DenyEntry.until > now
        )
        return list(
            self._session.scalars(
                select(DataSubject.id)
                .where(
                    DataSubject.site_id == site_id,
                    DataSubject.kind == "visitor",
                    DataSubject.id.not_in(has_values),
                    DataSubject.id.not_in(open_visits),
                    DataSubject.id.not_in(ahead),
                    DataSubject.id.not_in(banned),
                    DataSubject.id.not_in(self._held(site_id, now)),
                )
                .order_by(DataSubject.id)
                .limit(limit)
            )
        )

    def remove_records(self, site_id: int, subject_ids: list[int]) -> list[int]:
        """Counts the subjects' visits into the statistics, then deletes their visits,
        invitations, print and email jobs, deny entries, consents and the subjects; returns
        the ids of the visits."""
        visits = self._session.execute(
            select(Visit.id, Visit.badge_day, Visit.host_id, Visit.visit_type).where(
                Visit.guest_subject_id.in_(subject_ids)
            )
        ).all()
        counts = Counter((day, host, kind) for _, day, host, kind in visits)
        for (day, host, kind), visits_that_day in counts.items():
            self._count_visits(site_id, day, host, kind, visits_that_day)
        visit_ids = [row[0] for row in visits]
        invitation_ids = self.drop_jobs(site_id, subject_ids)
        self._session.execute(delete(Visit).where(Visit.id.in_(visit_ids)))
        self._session.execute(delete(Invitation).where(Invitation.id.in_(invitation_ids)))
        for table in (DenyEntry, Consent, LegalHold):
            self._session.execute(delete(table).where(table.subject_id.in_(subject_ids)))
        self._session.execute(delete(DataSubject).where(DataSubject.id.in_(subject_ids)))
        return visit_ids

    def drop_jobs(self, site_id: int, subject_ids: list[int]) -> list[int]:
        """Deletes the print and email jobs about these people's visits and invitations (a job
        holds no content, but its error may quote an address a mail server refused); returns
        the ids of their invitations."""
        visit_ids = select(Visit.id).where(Visit.guest_subject_id.in_(subject_ids))
        invitation_ids = list(
            self._session.scalars(
                select(Invitation.id).where(Invitation.guest_subject_id.in_(subject_ids))
            )
        )
        about_visits = OutboxJob.template.in_(VISIT_TEMPLATES) & OutboxJob.reference_id.in_(
            visit_ids
        )
        about_invitations = OutboxJob.template.in_(INVITATION_TEMPLATES) & (
            OutboxJob.reference_id.in_(invitation_ids)
        )
        self._session.execute(
            delete(OutboxJob).where(
                OutboxJob.site_id == site_id, or_(about_visits, about_invitations)
            )
        )
        return invitation_ids

    def _count_visits(
        self, site_id: int, day: date, host_id: int, visit_type: str, visits: int
    ) -> None:
        row = self._session.scalar(
            select(VisitStatistic).where(
                VisitStatistic.site_id == site_id,
                VisitStatistic.day == day,
                VisitStatistic.host_id == host_id,
                VisitStatistic.visit_type == visit_type,
            )
        )
        if row is None:
            self._session.add(
                VisitStatistic(
                    site_id=site_id, day=day, host_id=host_id, visit_type=visit_type, visits=visits
                )
            )
        else:
            row.visits += visits

    def statistics(self, site_id: int) -> list[tuple]:
        rows = self._session.execute(
            select(
                VisitStatistic.day,
                VisitStatistic.host_id,
                VisitStatistic.visit_type,
                VisitStatistic.visits,
            )
            .where(VisitStatistic.site_id == site_id)
            .order_by(VisitStatistic.day, VisitStatistic.host_id, VisitStatistic.visit_type)
        )
        return [tuple(row) for row in rows]
