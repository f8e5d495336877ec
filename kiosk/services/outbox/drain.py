"""The one drain loop of the outbox, for every channel. A job is claimed (committed as
'sending') before it goes out and finished after, so two workers never send one job and a
crash in between leaves it 'uncertain' for staff instead of sending it twice. What to send is
composed in a transaction, sent outside any, and the outcome recorded in a third: sent,
pending again with a growing delay (safe to repeat), uncertain, or failed.

Each channel brings a :class:`Sender`; :mod:`kiosk.services.outbox.senders` wires them.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.services.kiosk import Kiosk
from kiosk.store.outbox_repository import (
    Channel,
    JobRecord,
    JobStatus,
)
from kiosk.store.unit_of_work import UnitOfWork

FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
SENDING_LEASE = timedelta(minutes=10)
WAITING = (JobStatus.PENDING, JobStatus.SENDING, JobStatus.FAILED, JobStatus.UNCERTAIN)
"""Jobs someone may still have to deal with (all but the sent)."""


@dataclass(frozen=True)
class Attempt:
    """How one send went: SENT, PENDING (nothing went out; try again later), UNCERTAIN (it may
    have gone out; staff decide) or FAILED (sending again will not help)."""

    status: JobStatus
    error: str | None = None


class Sender(Protocol):
    channel: Channel
    kiosk_id: str | None
    """The kiosk whose jobs it sends (a printer's); None: any kiosk's (email)."""
    one_destination: bool
    """Every job goes to the same place (a printer, a mail server): when it cannot take one,
    the others wait too. Otherwise each job has a destination of its own."""

    def withdraw(self, uow: UnitOfWork, now: datetime) -> None:
        """Before a drain: fails at once the waiting jobs nobody wants any more, so that they
        do not stand in line before the ones that are."""

    def compose(self, uow: UnitOfWork, job: JobRecord, now: datetime) -> object:
        """What to send, read in a transaction; a KioskError fails the job."""

    def send(self, composed: object) -> Attempt:
        """Sends it, outside any transaction; never raises for what the channel can do wrong."""

    def finished(self, uow: UnitOfWork, job: JobRecord, attempt: Attempt, now: datetime) -> None:
        """What else the outcome means, in the transaction that records it (alerts, audit)."""


@dataclass(frozen=True)
class DrainReport:
    counts: dict[str, int]

    @property
    def all_sent(self) -> bool:
        return set(self.counts) <= {JobStatus.SENT}

    def __str__(self) -> str:
        return (
            ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items())) or "nothing due"
        )


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... never more than an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def drain(
    kiosk: Kiosk, sender: Sender, now: datetime | None = None, limit: int = 50
) -> DrainReport:
    """Sends what is due on the sender's channel, one job at a time. It stops at the first job
    the channel cannot take now, so a printer or a mail server that is down costs one try, not
    one per waiting job (a channel whose jobs go to different places goes on to the next)."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        uow.outbox.mark_abandoned(kiosk.site.id, now - SENDING_LEASE)
        sender.withdraw(uow, now)
        uow.commit()
    outcomes: Counter[str] = Counter()
    for _ in range(limit):
        with kiosk.unit_of_work() as uow:
            jobs = uow.outbox.claim_due(
                kiosk.site.id, sender.channel, now, kiosk.actor, 1, sender.kiosk_id
            )
            uow.commit()
        if not jobs:
            break
        status = _send_one(kiosk, sender, jobs[0], now)
        outcomes[status] += 1
        if status == JobStatus.PENDING and sender.one_destination:
            break
    return DrainReport(dict(outcomes))


def _send_one(kiosk: Kiosk, sender: Sender, job: JobRecord, now: datetime) -> str:
    try:
        with kiosk.unit_of_work() as uow:
            composed = sender.compose(uow, job, now)
    except KioskError as error:
        attempt = Attempt(JobStatus.FAILED, str(error))
    else:
        attempt = sender.send(composed)
    retry_at = now + backoff(job.attempts) if attempt.status == JobStatus.PENDING else None
    with kiosk.unit_of_work() as uow:
        uow.outbox.finish(
            job.id,
            attempt.status,
            error=attempt.error[:200] if attempt.error else None,
            next_attempt_at=retry_at,
            sent_at=now if attempt.status == JobStatus.SENT else None,
        )
        sender.finished(uow, job, attempt, now)
        uow.commit()
    return attempt.status


def outbox_jobs(kiosk: Kiosk, statuses: tuple[str, ...] | None = None) -> list[JobRecord]:
    with kiosk.unit_of_work() as uow:
        return uow.outbox.all(kiosk.site.id, statuses)


def retry_jobs(kiosk: Kiosk, *, include_uncertain: bool, now: datetime | None = None) -> int:
    """Makes waiting and failed jobs due now (and 'uncertain' ones, when staff say so)."""
    statuses = (
        (JobStatus.PENDING, JobStatus.FAILED, JobStatus.UNCERTAIN)
        if include_uncertain
        else (JobStatus.PENDING, JobStatus.FAILED)
    )
    with kiosk.unit_of_work() as uow:
        count = uow.outbox.requeue(kiosk.site.id, statuses, now or utc_now())
        uow.commit()
    return count
