"""The retention purge: every value past its retention goes, as its purpose says, except
those of a person under a legal hold; people nothing is held about any more leave only
anonymous visit counts. Running it twice changes nothing the second time.

A visit that never ended with a check-out (an invitation never used, a guest sent to
reception) ends, for retention, when its invitation ended or when the last value was
captured. A retention period shorter than the one last applied needs ``confirm_shorter``:
then every value's end moves with it, and the change is audited. Guests' answered requests go
when their record's own retention (the registry's ``records``) is over.
"""

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.registry import RetentionEvent
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.badges import forget_badge_previews
from kiosk.store.unit_of_work import UnitOfWork

log = logging.getLogger("kiosk.retention")
Progress = Callable[[int, int], None]
"""Called with (values purged so far, values to purge)."""


class RetentionShortened(KioskError):
    """A retention period is now shorter than the one applied; staff must confirm it."""

    reason = "retention_shortened"


@dataclass(frozen=True)
class RetentionChange:
    purpose: str
    before: int | None
    after: int

    def __str__(self) -> str:
        return f"{self.purpose}: {self.before} -> {self.after} days"


@dataclass
class PurgeReport:
    values: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Values purged (or that would be) per field and purpose."""
    actions: Counter[str] = field(default_factory=Counter)
    """Values per retention action: erase, anonymise, delete."""
    people: int = 0
    """People nothing is held about any more whose records were removed."""
    visits_counted: int = 0
    """Their visits, now only in the anonymous statistics."""
    retention_changes: list[RetentionChange] = field(default_factory=list)
    requests: int = 0
    """Guests' answered requests whose record's own retention ended."""
    dry_run: bool = False


def _apply_retention_changes(
    uow: UnitOfWork, kiosk: Kiosk, confirm_shorter: bool, now: datetime
) -> list[RetentionChange]:
    applied = uow.retention.applied_days(kiosk.site.id)
    policy = kiosk.gateway.policy
    changes = [
        RetentionChange(purpose.key, applied.get(purpose.key), policy.retention(purpose).days)
        for purpose in kiosk.gateway.registry.purposes.values()
        if applied.get(purpose.key) != policy.retention(purpose).days
    ]
    shorter = [c for c in changes if c.before is not None and c.after < c.before]
    if shorter and not confirm_shorter:
        raise RetentionShortened(
            "retention is shorter than before for "
            + ", ".join(map(str, shorter))
            + ": values would go earlier than people were told; run kiosk purge "
            "--confirm-shorter to apply it"
        )
    for change in changes:
        uow.retention.set_applied_days(kiosk.site.id, change.purpose, change.after, now)
        if change.before is None:
            continue  # the first purge records what is in force
        uow.retention.shift_retention(kiosk.site.id, change.purpose, change.after - change.before)
        event = AuditEvent(
            AuditAction.RETENTION_CHANGE, kiosk.actor, purpose=change.purpose, detail=str(change)
        )
        kiosk.audit.record(uow, kiosk.site.id, event)
    return [c for c in changes if c.before is not None]


def _end_unended_visits(uow: UnitOfWork, kiosk: Kiosk, now: datetime) -> None:
    purposes = tuple(
        purpose.key
        for purpose in kiosk.gateway.registry.purposes.values()
        if purpose.retention.after is RetentionEvent.VISIT_END
    )
    for subject_id in uow.retention.unended_visit_subjects(kiosk.site.id, purposes):
        ended = uow.retention.visit_end_of(subject_id, now)
        if ended is not None:
            subject = uow.subjects.get(subject_id)
            kiosk.gateway.start_retention(uow, subject, RetentionEvent.VISIT_END, ended)


def purge(
    kiosk: Kiosk,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    confirm_shorter: bool = False,
    progress: Progress | None = None,
) -> PurgeReport:
    now = now or utc_now()
    report = PurgeReport(dry_run=dry_run)
    actions = {
        key: str(purpose.retention.then) for key, purpose in kiosk.gateway.registry.purposes.items()
    }
    with kiosk.unit_of_work() as uow:
        report.retention_changes = _apply_retention_changes(uow, kiosk, confirm_shorter, now)
        _end_unended_visits(uow, kiosk, now)
        due = uow.retention.count_expired(kiosk.site.id, now)
        kept = kiosk.gateway.registry.requests_record
        if kept is not None:
            before = now - timedelta(days=kept.days)
            report.requests = uow.rights.forget_requests(kiosk.site.id, before, dry_run)
        if dry_run:
            report.values = due
            report.actions = _by_action(due, actions)
            return report
        uow.commit()
    total = sum(due.values())
    while True:
        with kiosk.unit_of_work() as uow:
            batch = uow.retention.expired(kiosk.site.id, now)
            if not batch:
                break
            uow.retention.delete_values([value.id for value in batch])
            uow.commit()
        report.values.update((value.field, value.purpose) for value in batch)
        if progress:
            progress(sum(report.values.values()), total)
    report.actions = _by_action(report.values, actions)
    while True:
        with kiosk.unit_of_work() as uow:
            people = uow.retention.emptied_visitors(kiosk.site.id, now)
            if not people:
                break
            visits = uow.retention.remove_records(kiosk.site.id, people)
            uow.commit()
        forget_badge_previews(kiosk, visits)
        report.visits_counted += len(visits)
        report.people += len(people)
    _close_purge(kiosk, report, actions, now)
    if report.values:
        with kiosk.unit_of_work() as uow:
            uow.reclaim_space()
    return report


def _by_action(values: Counter[tuple[str, str]], actions: dict[str, str]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for (_, purpose), count in values.items():
        counted[actions[purpose]] += count
    return counted


def _close_purge(kiosk: Kiosk, report: PurgeReport, actions: dict[str, str], now: datetime) -> None:
    """Notes when the purge ran to its end (``kiosk health`` reads it), with one audit entry
    per field and purpose purged; no one's reference (the values are gone)."""
    with kiosk.unit_of_work() as uow:
        uow.sites.mark_purged(kiosk.site.id, now)
        for (field_key, purpose), count in sorted(report.values.items()):
            event = AuditEvent(
                AuditAction.PURGE,
                kiosk.actor,
                field=field_key,
                purpose=purpose,
                detail=f"{count} values ({actions[purpose]})",
            )
            kiosk.audit.record(uow, kiosk.site.id, event)
        if report.people:
            detail = (
                f"{report.people} people's records removed, {report.visits_counted} visits counted"
            )
            kiosk.audit.record(
                uow, kiosk.site.id, AuditEvent(AuditAction.PURGE, kiosk.actor, detail=detail)
            )
        uow.commit()


class DailyPurge:
    """The purge inside the running kiosk: once a day, after the day's visits are closed."""

    def __init__(self, kiosk: Kiosk, clock: Callable[[], datetime] = utc_now) -> None:
        self._kiosk = kiosk
        self._clock = clock
        self._done_for: date | None = None

    def tick(self) -> PurgeReport | None:
        now = self._clock()
        local = now.astimezone(ZoneInfo(self._kiosk.site.timezone))
        if local.time() < self._kiosk.settings.auto_checkout_at or self._done_for == local.date():
            return None
        self._done_for = local.date()
        try:
            report = purge(self._kiosk, now=now)
        except RetentionShortened as shortened:
            log.warning("purge skipped: %s", shortened)
            return None
        log.info("purge: %s values, %s people", sum(report.values.values()), report.people)
        return report
