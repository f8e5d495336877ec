"""Inviting guests: the invitation, its token and short code, and its email in the outbox.

A request carries the guest's details by registry field; each goes through the gateway for
the purpose the registry gives it at an invitation of that kind (a vendor's name under vendor
engagement, a meeting guest's under identification, a vehicle plate under parking). The email
is composed when the outbox sends it.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.clock import day_at, given_day, utc_now
from kiosk.errors import InvitationError, NotFound
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.gateway import Notice, Source
from kiosk.privacy.registry import DEFAULT_VISIT_TYPE, Intake, Subject
from kiosk.services.directory.hosts import find_host, host_view
from kiosk.services.intake.fields import Checked, capture_values, check_values
from kiosk.services.kiosk import Kiosk
from kiosk.services.links import guest_page_url
from kiosk.store.outbox_repository import Channel, Recipient, Template
from kiosk.store.repositories import HostRecord, InvitationRecord
from kiosk.store.unit_of_work import UnitOfWork

INVITATION_NOTICE_VERSION = "invitation-email.1"
RESENDS_PER_INVITATION = 3
RESENDS_PER_HOST = 20
RESEND_WINDOW = timedelta(hours=1)
"""How often an invitation already sent may be sent again (a resend, a move), per invitation
and per host."""
LANGUAGE_FIELD = "visitor.language"


@dataclass(frozen=True)
class InvitationRequest:
    host_email: str
    day: date
    values: Mapping[str, object] = field(default_factory=dict)
    """The guest's details by registry field: ``{"visitor.name": "Siti Rahayu", ...}``."""
    until: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    visit_type: str = DEFAULT_VISIT_TYPE


@dataclass(frozen=True)
class InvitationMade:
    id: int
    token: str
    short_code: str
    emailed: bool
    guest_page: str
    """The guest's own invitation page (its link, which only they and their host hold)."""
    messaged: bool = False
    """Sent to the guest's phone too, on the site's phone channel."""


def visit_window(
    request: InvitationRequest, timezone: str, today: date, longest_days: int
) -> tuple[datetime, datetime]:
    """The window in UTC: from the start time (else the day's start) of the first day to the
    end time (else the day's end) of the last day, in the site's time zone. Its last day is at
    most ``longest_days`` after ``today``: an invitation never keeps a guest's data past the
    retention they were told of."""
    last_day = request.until or request.day
    longest = timedelta(days=longest_days)
    if request.day > last_day:
        raise InvitationError("end_before_start", "the visit must end after it starts")
    if last_day < today:
        raise InvitationError("in_the_past", "the visit would be over already")
    if last_day > today + longest or last_day - request.day > longest:
        raise InvitationError(
            "too_far", f"a visit must end within {longest_days} days from today", days=longest_days
        )
    zone = ZoneInfo(timezone)
    starts = datetime.combine(request.day, request.start_time or time.min, zone)
    ends = datetime.combine(last_day, request.end_time or time(23, 59, 59), zone)
    if ends <= starts:
        raise InvitationError("end_before_start", "the visit must end after it starts")
    return starts.astimezone(ZoneInfo("UTC")), ends.astimezone(ZoneInfo("UTC"))


@dataclass(frozen=True)
class CheckedRequest:
    host: HostRecord
    starts_at: datetime
    ends_at: datetime
    values: Checked


def check_request(
    uow: UnitOfWork,
    kiosk: Kiosk,
    request: InvitationRequest,
    now: datetime,
    hosts: dict[str, HostRecord] | None = None,
) -> CheckedRequest:
    """Everything that would refuse the invitation, found without writing anything.
    ``hosts`` remembers hosts already looked up, when many rows name the same one."""
    longest = kiosk.settings.longest_invitation_days
    starts, ends = visit_window(
        request, kiosk.site.timezone, day_at(now, kiosk.site.timezone), longest
    )
    if ends < now:
        raise InvitationError("in_the_past", "the visit would be over already")
    hosts = {} if hosts is None else hosts
    key = request.host_email.casefold()
    host = hosts.get(key) or find_host(uow, kiosk, request.host_email)
    hosts[key] = host
    if not host.active:
        raise InvitationError("inactive_host", f"{request.host_email} is no longer a host here")
    values = check_values(kiosk, request.values, Intake.INVITATION, request.visit_type)
    return CheckedRequest(host, starts, ends, values)


def make_invitation(
    uow: UnitOfWork,
    kiosk: Kiosk,
    request: InvitationRequest,
    source: Source,
    actor: str,
    now: datetime | None = None,
) -> InvitationMade:
    """Records the invitation in the caller's unit of work and queues its email."""
    now = now or utc_now()
    checked = check_request(uow, kiosk, request, now)
    return record_invitation(uow, kiosk, request, checked, source, actor, now)


def record_invitation(
    uow: UnitOfWork,
    kiosk: Kiosk,
    request: InvitationRequest,
    checked: CheckedRequest,
    source: Source,
    actor: str,
    now: datetime,
) -> InvitationMade:
    """Writes an invitation that :func:`check_request` passed."""
    subject = uow.subjects.create(kiosk.site.id, Subject.VISITOR)
    language, _ = checked.values.get(LANGUAGE_FIELD, (kiosk.settings.language, None))
    notice = Notice(INVITATION_NOTICE_VERSION, str(language))
    capture_values(uow, kiosk, subject, checked.values, source, actor, notice)
    nonce, code, digest = _new_code(uow, kiosk)
    invitation_id = uow.invitations.add(
        kiosk.site.id,
        checked.host.id,
        subject.id,
        checked.starts_at,
        checked.ends_at,
        request.visit_type,
        nonce,
        digest,
    )
    emailed, messaged = _queue_sends(uow, kiosk, invitation_id, checked.values, now)
    page = guest_page_url(kiosk, invitation_id)
    token = kiosk.tokens.token(invitation_id)
    return InvitationMade(invitation_id, token, code, emailed, page, messaged)


def invite_for_host(
    kiosk: Kiosk,
    host_id: int,
    request: InvitationRequest,
    source: Source,
    actor: str,
) -> InvitationMade:
    """Invites a guest of the host with this directory id (``request.host_email`` unused): as
    the host did it, or staff for them."""
    with kiosk.unit_of_work() as uow:
        host = uow.hosts.get(host_id)
        if host is None:
            raise InvitationError("inactive_host", "choose a host from the directory")
        request = replace(request, host_email=host_view(uow, kiosk, host).email)
        made = make_invitation(uow, kiosk, request, source, actor)
        uow.commit()
    return made


def invite(kiosk: Kiosk, request: InvitationRequest, actor: str) -> InvitationMade:
    with kiosk.unit_of_work() as uow:
        made = make_invitation(uow, kiosk, request, Source.STAFF_ENTERED, actor)
        uow.commit()
    return made


def _new_code(uow: UnitOfWork, kiosk: Kiosk) -> tuple[bytes, str, bytes]:
    """A random short code no other invitation of the site has: nonce, code, digest."""
    for _ in range(8):
        nonce = os.urandom(8)
        code = kiosk.tokens.short_code(nonce)
        digest = kiosk.tokens.code_digest(code)
        if not uow.invitations.code_taken(kiosk.site.id, digest):
            return nonce, code, digest
    raise InvitationError("no_code", "no free short code; try again")


def _queue_sends(
    uow: UnitOfWork, kiosk: Kiosk, invitation_id: int, held: Mapping[str, object], now: datetime
) -> tuple[bool, bool]:
    """Queues the invitation (once more) to the guest's email and, where the site has a phone
    channel, to their phone; whether each. The n-th sending on a channel has its own key, so a
    retry can never add another."""
    site = kiosk.site.id
    sends = []
    if "visitor.email" in held:
        sends.append((Channel.EMAIL, None))
    if "visitor.phone" in held and kiosk.settings.notify_guest_phone:
        sends.append((Channel.MESSAGE, Recipient.GUEST))
    for channel, recipient in sends:
        before = uow.outbox.count_for(site, Template.INVITATION, invitation_id, channel)
        key = f"{Template.INVITATION}:{invitation_id}:{channel}:{before + 1}"
        uow.outbox.enqueue(
            site, channel, Template.INVITATION, invitation_id, key, now, recipient=recipient
        )
    channels = {channel for channel, _ in sends}
    return Channel.EMAIL in channels, Channel.MESSAGE in channels


def _pending(
    uow: UnitOfWork, kiosk: Kiosk, invitation_id: int, of_host: int | None
) -> InvitationRecord:
    """The invitation, if it may still change: checked in the caller's transaction to be
    ``of_host``'s where a host acts (any other answers NotFound, as if it did not exist), and
    neither cancelled nor used."""
    invitation = uow.invitations.get(kiosk.site.id, invitation_id)
    if invitation is None or (of_host is not None and invitation.host_id != of_host):
        raise NotFound("no such invitation", reason="no_invitation")
    if invitation.status == "cancelled":
        raise InvitationError("cancelled", "the invitation is already cancelled")
    if invitation.status != "pending":
        raise InvitationError("checked_in", "the guest has already checked in with it")
    return invitation


def check_pending(kiosk: Kiosk, invitation_id: int, of_host: int | None = None) -> str:
    """Refuses as a change of the invitation would (NotFound for another host's, a refusal for
    one no longer pending), changing nothing: checked before a change is confirmed. The
    guest's name, for the question to say whose invitation it is."""
    with kiosk.unit_of_work() as uow:
        invitation = _pending(uow, kiosk, invitation_id, of_host)
        guest = uow.subjects.get(invitation.guest_subject_id)
        held = kiosk.gateway.by_field_many(uow, [guest], ("visitor.name",))
    return str(held[guest.id].get("visitor.name", ""))


def cancel_invitation(
    kiosk: Kiosk, invitation_id: int, actor: str, of_host: int | None = None
) -> None:
    """Revokes the invitation: its token and code are refused from now on."""
    with kiosk.unit_of_work() as uow:
        invitation = _pending(uow, kiosk, invitation_id, of_host)
        uow.invitations.set_status(invitation.id, "cancelled")
        guest = uow.subjects.get(invitation.guest_subject_id)
        kiosk.audit.record(
            uow,
            kiosk.site.id,
            AuditEvent(AuditAction.INVITATION_CHANGE, actor, guest.reference, detail="cancelled"),
        )
        uow.commit()


def reschedule_invitation(
    kiosk: Kiosk,
    invitation_id: int,
    day: date,
    start_time: time | None,
    end_time: time | None,
    actor: str,
    of_host: int | None = None,
) -> None:
    """Moves a pending invitation to another day or time (same code and calendar event), and
    sends it again where the guest gave an email."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = _pending(uow, kiosk, invitation_id, of_host)
        request = InvitationRequest("", day, start_time=start_time, end_time=end_time)
        starts, ends = visit_window(
            request,
            kiosk.site.timezone,
            day_at(now, kiosk.site.timezone),
            kiosk.settings.longest_invitation_days,
        )
        _limit_sending_again(uow, kiosk, invitation, now)
        uow.invitations.set_window(invitation.id, starts, ends)
        guest = uow.subjects.get(invitation.guest_subject_id)
        event = AuditEvent(AuditAction.INVITATION_CHANGE, actor, guest.reference, detail="moved")
        kiosk.audit.record(uow, kiosk.site.id, event)
        _queue_sends(uow, kiosk, invitation.id, kiosk.gateway.by_field(uow, guest), now)
        uow.commit()


def _limit_sending_again(
    uow: UnitOfWork, kiosk: Kiosk, invitation: InvitationRecord, now: datetime
) -> None:
    """Counts one more sending of an invitation already sent; past the hour's limit for the
    invitation or for its host, refused (the portal is no relay of a host's words)."""
    uow.portal.forget_tries("resend", now - RESEND_WINDOW)
    for key, limit in (
        (f"invitation:{invitation.id}", RESENDS_PER_INVITATION),
        (f"host:{invitation.host_id}", RESENDS_PER_HOST),
    ):
        digest = kiosk.portal_secrets.digest("resend", key)
        if uow.portal.count_try(kiosk.site.id, digest, now, RESEND_WINDOW, "resend") > limit:
            raise InvitationError(
                "too_many_resends",
                "this invitation was sent again often in the last hour: try again later",
            )


def resend_invitation(
    kiosk: Kiosk, invitation_id: int, actor: str, of_host: int | None = None
) -> None:
    """Queues the same invitation again (same token, code and calendar event), within the
    hour's limits (see :func:`_limit_sending_again`); audited."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        invitation = _pending(uow, kiosk, invitation_id, of_host)
        guest = uow.subjects.get(invitation.guest_subject_id)
        held = kiosk.gateway.by_field(uow, guest)
        _limit_sending_again(uow, kiosk, invitation, now)
        if not any(_queue_sends(uow, kiosk, invitation.id, held, now)):
            raise InvitationError(
                "nowhere_to_send", "the guest gave no email address or phone to send it to"
            )
        event = AuditEvent(AuditAction.INVITATION_CHANGE, actor, guest.reference, detail="resent")
        kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    start = datetime.combine(given_day(day), time.min, zone)
    return start, start + timedelta(days=1)
