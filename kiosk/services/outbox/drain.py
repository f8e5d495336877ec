"""Sends what the outbox holds. A job is claimed (committed as 'sending') before the message
goes out and finished after, so two workers never send one job and a crash in between
leaves it 'uncertain' for staff instead of sending it twice. Failures that are safe to
repeat are retried with a growing delay."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.notify.arrival_email import ArrivalEmail, compose_arrival
from kiosk.notify.invitation_email import InvitationEmail, compose_invitation
from kiosk.notify.smtp import MailDeferred, MailRejected, MailUncertain, SmtpTransport
from kiosk.privacy.wording import retention_text
from kiosk.services.bootstrap import Kiosk
from kiosk.services.directory.hosts import host_view
from kiosk.services.invitations.invite import INVITATION_TEMPLATE
from kiosk.services.visits.visits import ARRIVAL_TEMPLATE
from kiosk.store.outbox_repository import (
    FAILED,
    PENDING,
    SENT,
    UNCERTAIN,
    JobRecord,
)
from kiosk.store.unit_of_work import UnitOfWork

FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
SENDING_LEASE = timedelta(minutes=10)


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... never more than an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _invitation_email(uow: UnitOfWork, kiosk: Kiosk, job: JobRecord) -> InvitationEmail:
    invitation = uow.invitations.get(kiosk.site.id, job.reference_id)
    if invitation is None:
        raise KioskError("the invitation no longer exists")
    guest = uow.subjects.get(invitation.guest_subject_id)
    values = kiosk.gateway.by_field(uow, guest)
    if "visitor.email" not in values:
        raise KioskError("the guest's email address is no longer held")
    language = values.get("visitor.language", kiosk.settings.language)
    purpose = kiosk.gateway.registry.purposes["visitor-identification"]
    settings = kiosk.settings
    return InvitationEmail(
        language=language,
        guest_name=values["visitor.name"],
        guest_email=values["visitor.email"],
        host_name=host_view(uow, kiosk, uow.hosts.get(invitation.host_id)).name,
        site_name=kiosk.site.name,
        site_address=settings.site_address,
        timezone=kiosk.site.timezone,
        starts_at=invitation.starts_at,
        ends_at=invitation.ends_at,
        token=kiosk.tokens.token(invitation.id),
        short_code=kiosk.tokens.short_code(invitation.code_nonce),
        controller=kiosk.gateway.registry.controller,
        retention=retention_text(purpose, language, kiosk.gateway.policy.retention(purpose).days),
        policy_url=settings.policy_url,
        mail_from=settings.mail_from,
        calendar_uid=f"invitation-{invitation.id}-site-{kiosk.site.id}@lobby-kiosk",
    )


def _arrival_email(uow: UnitOfWork, kiosk: Kiosk, job: JobRecord) -> ArrivalEmail:
    visit = uow.visits.get(kiosk.site.id, job.reference_id)
    if visit is None:
        raise KioskError("the visit no longer exists")
    host = host_view(uow, kiosk, uow.hosts.get(visit.host_id))
    guest = uow.subjects.get(visit.guest_subject_id)
    name = kiosk.gateway.by_field(uow, guest).get("visitor.name")
    if name is None:
        raise KioskError("the guest's name is no longer held")
    return ArrivalEmail(
        language=host.language,
        host_name=host.name,
        host_email=host.email,
        guest_name=name,
        site_name=kiosk.site.name,
        arrived_at=visit.checked_in_at,
        timezone=kiosk.site.timezone,
        mail_from=kiosk.settings.mail_from,
    )


COMPOSERS: dict[str, Callable[[UnitOfWork, Kiosk, JobRecord, datetime], EmailMessage]] = {
    INVITATION_TEMPLATE: lambda uow, kiosk, job, now: compose_invitation(
        _invitation_email(uow, kiosk, job), now
    ),
    ARRIVAL_TEMPLATE: lambda uow, kiosk, job, now: compose_arrival(
        _arrival_email(uow, kiosk, job), now
    ),
}


@dataclass(frozen=True)
class DrainReport:
    counts: dict[str, int]

    def __str__(self) -> str:
        return (
            ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items())) or "nothing due"
        )


def drain_email(
    kiosk: Kiosk, transport: Transport, now: datetime | None = None, limit: int = 50
) -> DrainReport:
    """Sends every email that is due, one job at a time."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        uow.outbox.mark_abandoned(kiosk.site.id, now - SENDING_LEASE)
        jobs = uow.outbox.claim_due(kiosk.site.id, "email", now, kiosk.actor, limit)
        uow.commit()
    outcomes = Counter(_send_one(kiosk, transport, job, now) for job in jobs)
    return DrainReport(dict(outcomes))


def send_due_email(kiosk: Kiosk) -> DrainReport | None:
    """Sends what is due through the configured mail server; None when there is none."""
    if not kiosk.settings.smtp_url:
        return None
    return drain_email(kiosk, SmtpTransport(kiosk.settings.smtp_url))


def _send_one(kiosk: Kiosk, transport: Transport, job: JobRecord, now: datetime) -> str:
    with kiosk.unit_of_work() as uow:
        try:
            message = COMPOSERS[job.template](uow, kiosk, job, now)
        except KioskError as error:
            uow.outbox.finish(job.id, FAILED, error=str(error))
            uow.commit()
            return FAILED
    try:
        transport.send(message)
        status, error, retry_at = SENT, None, None
    except MailDeferred as deferred:
        status, error, retry_at = PENDING, str(deferred), now + backoff(job.attempts)
    except MailRejected as rejected:
        status, error, retry_at = FAILED, str(rejected), None
    except MailUncertain as uncertain:
        status, error, retry_at = UNCERTAIN, str(uncertain), None
    with kiosk.unit_of_work() as uow:
        uow.outbox.finish(
            job.id,
            status,
            error=error,
            next_attempt_at=retry_at,
            sent_at=now if status == SENT else None,
        )
        uow.commit()
    return status


def outbox_jobs(kiosk: Kiosk, statuses: tuple[str, ...] | None = None) -> list[JobRecord]:
    with kiosk.unit_of_work() as uow:
        return uow.outbox.all(kiosk.site.id, statuses)


def retry_jobs(kiosk: Kiosk, *, include_uncertain: bool, now: datetime | None = None) -> int:
    """Makes waiting and failed jobs due now (and 'uncertain' ones, when staff say so)."""
    statuses = (PENDING, FAILED, UNCERTAIN) if include_uncertain else (PENDING, FAILED)
    with kiosk.unit_of_work() as uow:
        count = uow.outbox.requeue(kiosk.site.id, statuses, now or utc_now())
        uow.commit()
    return count
