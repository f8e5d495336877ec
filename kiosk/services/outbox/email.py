"""The email channel: invitations and arrival notices, composed from what is held when they are
sent (an erased guest's email is never written), and sent over SMTP."""

from collections.abc import Callable, Mapping
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol

from kiosk.errors import KioskError
from kiosk.notify.arrival_email import ArrivalEmail, compose_arrival
from kiosk.notify.invitation_email import InvitationEmail, compose_invitation
from kiosk.notify.smtp import MailDeferred, MailRejected, MailUncertain
from kiosk.privacy.registry import Intake
from kiosk.privacy.wording import notice_item
from kiosk.services.directory.hosts import host_view
from kiosk.services.kiosk import Kiosk
from kiosk.services.links import calendar_uid, guest_page_url
from kiosk.services.outbox.drain import Attempt
from kiosk.services.outbox.messages import arrived
from kiosk.store.outbox_repository import (
    Channel,
    JobRecord,
    JobStatus,
    Template,
)
from kiosk.store.repositories import InvitationRecord
from kiosk.store.unit_of_work import UnitOfWork


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...


def _invitation_email(uow: UnitOfWork, kiosk: Kiosk, job: JobRecord) -> InvitationEmail:
    invitation = uow.invitations.get(kiosk.site.id, job.reference_id)
    if invitation is None:
        raise KioskError("the invitation no longer exists", reason="invitation_gone")
    guest = uow.subjects.get(invitation.guest_subject_id)
    values = kiosk.gateway.by_field(uow, guest)
    if "visitor.email" not in values:
        raise KioskError("the guest's email address is no longer held", reason="email_gone")
    return invitation_email(
        kiosk,
        values,
        invitation,
        host_view(uow, kiosk, uow.hosts.get(invitation.host_id)).name,
        token=kiosk.tokens.token(invitation.id),
        short_code=kiosk.tokens.short_code(invitation.code_nonce),
        page_url=guest_page_url(kiosk, invitation.id, invitation.page_nonce),
    )


def invitation_email(
    kiosk: Kiosk,
    held: Mapping[str, object],
    invitation: InvitationRecord,
    host_name: str,
    *,
    token: str,
    short_code: str,
    page_url: str,
) -> InvitationEmail:
    """The invitation email of a guest ``held`` describes (what they see of it, decrypted)."""
    language = str(held.get("visitor.language", kiosk.settings.language))
    registry, settings = kiosk.gateway.registry, kiosk.settings
    purpose_key = registry.purpose_for("visitor.name", Intake.INVITATION, invitation.visit_type)
    purpose = notice_item(kiosk.gateway.policy, purpose_key, language)
    return InvitationEmail(
        language=language,
        guest_name=str(held.get("visitor.name", "")),
        guest_email=str(held.get("visitor.email", "")),
        host_name=host_name,
        site_name=kiosk.site.name,
        site_address=settings.site_address,
        timezone=kiosk.site.timezone,
        starts_at=invitation.starts_at,
        ends_at=invitation.ends_at,
        token=token,
        short_code=short_code,
        controller=registry.text(registry.controller.name, language),
        privacy_contact=registry.controller.email,
        purpose=purpose.purpose,
        basis=purpose.basis,
        retention=purpose.retention,
        policy_url=settings.policy_url,
        mail_from=settings.mail_from,
        calendar_uid=calendar_uid(kiosk, invitation.id),
        page_url=page_url,
        sequence=invitation.sequence,
    )


def _arrival_email(uow: UnitOfWork, kiosk: Kiosk, job: JobRecord) -> ArrivalEmail:
    news = arrived(uow, kiosk, job.reference_id)
    host = host_view(uow, kiosk, uow.hosts.get(news.visit.host_id))
    return ArrivalEmail(
        language=host.language,
        host_name=host.name,
        host_email=host.email,
        guest_name=news.guest,
        site_name=kiosk.site.name,
        arrived_at=news.visit.checked_in_at,
        timezone=kiosk.site.timezone,
        mail_from=kiosk.settings.mail_from,
    )


COMPOSERS: dict[str, Callable[[UnitOfWork, Kiosk, JobRecord, datetime], EmailMessage]] = {
    Template.INVITATION: lambda uow, kiosk, job, now: compose_invitation(
        _invitation_email(uow, kiosk, job), now
    ),
    Template.ARRIVAL: lambda uow, kiosk, job, now: compose_arrival(
        _arrival_email(uow, kiosk, job), now
    ),
}


class EmailSender:
    channel = Channel.EMAIL
    kiosk_id = None
    one_destination = True

    def __init__(self, kiosk: Kiosk, transport: Transport) -> None:
        self._kiosk = kiosk
        self._transport = transport

    def compose(self, uow: UnitOfWork, job: JobRecord, now: datetime) -> EmailMessage:
        composer = COMPOSERS.get(job.template)
        if composer is None:
            raise KioskError(f"no such email template {job.template}", reason="unknown_template")
        return composer(uow, self._kiosk, job, now)

    def withdraw(self, uow: UnitOfWork, now: datetime) -> None:
        """Every waiting email is still wanted."""

    def send(self, composed: EmailMessage) -> Attempt:
        try:
            self._transport.send(composed)
        except MailDeferred as deferred:
            return Attempt(JobStatus.PENDING, str(deferred))
        except MailRejected as rejected:
            return Attempt(JobStatus.FAILED, str(rejected))
        except MailUncertain as uncertain:
            return Attempt(JobStatus.UNCERTAIN, str(uncertain))
        return Attempt(JobStatus.SENT)

    def finished(self, uow: UnitOfWork, job: JobRecord, attempt: Attempt, now: datetime) -> None:
        """Nothing beyond the job's own status."""
