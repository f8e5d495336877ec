"""The message channel: chat, SMS and webhooks through Apprise. A guest's invitation to their
phone, a host's arrival news on the channel they chose, reception's alerts as they happen.
Each job is composed when it is sent, from what is held then, and goes to a destination of its
own: the address is looked up from the settings or the host's own (encrypted) value, never
kept in the job."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.errors import KioskError
from kiosk.i18n import translations
from kiosk.notify.channels import ChannelResult, Delivery, send_message
from kiosk.notify.chat_messages import (
    AlertMessage,
    ArrivalMessage,
    alert_message,
    arrival_message,
)
from kiosk.services.alert_reasons import reason_text
from kiosk.services.directory.hosts import host_view
from kiosk.services.greeting import display_name
from kiosk.services.invitations.guest_page import invitation_text
from kiosk.services.kiosk import Kiosk
from kiosk.services.links import guest_page_url
from kiosk.services.outbox.drain import Attempt
from kiosk.services.outbox.queue import NOTIFY_VIA, reception_recipient
from kiosk.settings import PHONE_PLACE, Settings
from kiosk.store.outbox_repository import (
    RECEPTION,
    Channel,
    JobRecord,
    JobStatus,
    Recipient,
    Template,
)
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

NOTIFY_ADDRESS, MEMBER_PHONE = "member.notify_address", "member.phone"
DELIVERY_STATUS = {
    Delivery.SENT: JobStatus.SENT,
    Delivery.NOT_SENT: JobStatus.PENDING,
    Delivery.REFUSED: JobStatus.FAILED,
    Delivery.UNCERTAIN: JobStatus.UNCERTAIN,
}


@dataclass(frozen=True)
class Arrived:
    """A visit's guest as their host is told of them: the given name and an initial."""

    visit: VisitRecord
    guest: str


def arrived(uow: UnitOfWork, kiosk: Kiosk, visit_id: int) -> Arrived:
    visit = uow.visits.get(kiosk.site.id, visit_id)
    if visit is None:
        raise KioskError("the visit no longer exists", reason="visit_gone")
    guest = display_name(kiosk.gateway.by_field(uow, uow.subjects.get(visit.guest_subject_id)))
    if not guest:
        raise KioskError("the guest's name is no longer held", reason="name_gone")
    return Arrived(visit, guest)


def phone_address(pattern: str, phone: str) -> str:
    """The channel's address for a number: ``{phone}`` becomes its E.164 digits, no "+"."""
    return pattern.replace(PHONE_PLACE, phone.lstrip("+"))


def _to_guest(uow: UnitOfWork, kiosk: Kiosk, job: JobRecord) -> tuple[str, str]:
    invitation = uow.invitations.get(kiosk.site.id, job.reference_id)
    if invitation is None:
        raise KioskError("the invitation no longer exists", reason="invitation_gone")
    held = kiosk.gateway.by_field(uow, uow.subjects.get(invitation.guest_subject_id))
    pattern = kiosk.settings.notify_guest_phone
    if "visitor.phone" not in held or not pattern:
        raise KioskError("the guest's phone is no longer held", reason="phone_gone")
    host = host_view(uow, kiosk, uow.hosts.get(invitation.host_id)).name
    text = invitation_text(
        kiosk, held, invitation, host, guest_page_url(kiosk, invitation.id, invitation.page_nonce)
    )
    return phone_address(pattern, held["visitor.phone"]), text


def _to_host(uow: UnitOfWork, kiosk: Kiosk, job: JobRecord) -> tuple[str, str]:
    news = arrived(uow, kiosk, job.reference_id)
    host = uow.hosts.get(news.visit.host_id)
    held = kiosk.gateway.by_field(uow, uow.subjects.get(host.subject_id))
    via = held.get(NOTIFY_VIA)
    if via == "address" and NOTIFY_ADDRESS in held:
        address = held[NOTIFY_ADDRESS]
    elif via == "phone" and MEMBER_PHONE in held and kiosk.settings.notify_host_phone:
        address = phone_address(kiosk.settings.notify_host_phone, held[MEMBER_PHONE])
    else:
        raise KioskError("the host's channel is no longer set up", reason="host_channel_gone")
    message = ArrivalMessage(
        language=held.get("member.language", kiosk.settings.language),
        guest=news.guest,
        site=kiosk.site.name,
        kiosk_id=news.visit.kiosk_id,
        arrived_at=news.visit.checked_in_at,
        timezone=kiosk.site.timezone,
    )
    return address, arrival_message(message)


def _to_reception(uow: UnitOfWork, kiosk: Kiosk, job: JobRecord) -> tuple[str, str]:
    address = next(
        (u for u in kiosk.settings.notify_reception if reception_recipient(u) == job.recipient),
        None,
    )
    alert = uow.alerts.get(kiosk.site.id, job.reference_id, open_only=False)
    if address is None or alert is None:
        raise KioskError("reception's channel is no longer set up", reason="reception_gone")
    language = kiosk.settings.language
    subject = uow.subjects.get(alert.subject_id) if alert.subject_id else None
    message = AlertMessage(
        language=language,
        what=reason_text(alert.reason, translations(language).gettext),
        guest=display_name(kiosk.gateway.by_field(uow, subject)) if subject else "",
        kiosk_id=alert.kiosk_id,
        at=alert.created_at,
        timezone=kiosk.site.timezone,
    )
    return address, alert_message(message)


class MessageSender:
    """Messages to whoever each job names; a destination that is down delays its own jobs
    only."""

    channel = Channel.MESSAGE
    kiosk_id = None
    one_destination = False

    def __init__(self, kiosk: Kiosk) -> None:
        self._kiosk = kiosk

    def compose(self, uow: UnitOfWork, job: JobRecord, now: datetime) -> tuple[str, str]:
        if job.template == Template.INVITATION and job.recipient == Recipient.GUEST:
            return _to_guest(uow, self._kiosk, job)
        if job.template == Template.ARRIVAL and job.recipient == Recipient.HOST:
            return _to_host(uow, self._kiosk, job)
        if job.template == Template.ALERT and (job.recipient or "").startswith(RECEPTION):
            return _to_reception(uow, self._kiosk, job)
        raise KioskError(f"no such message {job.template}", reason="unknown_template")

    def withdraw(self, uow: UnitOfWork, now: datetime) -> None:
        """Every waiting message is still wanted."""

    def send(self, composed: tuple[str, str]) -> Attempt:
        address, message = composed
        return attempt_of(send_message(address, message))

    def finished(self, uow: UnitOfWork, job: JobRecord, attempt: Attempt, now: datetime) -> None:
        """Nothing more: what the service answered is in the job."""


def send_test(settings: Settings, url: str) -> ChannelResult:
    """One test message to ``url``, in the site's language, and what the service answered."""
    _ = translations(settings.language).gettext
    body = _("A test message from the lobby kiosk of {site}: this channel works.")
    return send_message(url, body.format(site=settings.site_name))


def attempt_of(result: ChannelResult) -> Attempt:
    status = DELIVERY_STATUS[result.delivery]
    return Attempt(status, None if status == JobStatus.SENT else result.detail)
