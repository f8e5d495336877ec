"""The print channel: badge jobs from the outbox, their progress for the guest waiting at the
kiosk, reprints and the badge's preview.

A badge is sent only when the printer says it can print it; when it cannot, the job waits and
is retried with a growing delay. A job that may have come out (the link broke, or the printer
reported a fault right after) becomes 'uncertain': staff reprint it or let it be, and it is
never sent twice on its own. The preview printer saves each badge as a PNG instead.
"""

from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from kiosk.badge.layout import BadgeContent, Block, layout_badge
from kiosk.badge.preview import render_png
from kiosk.badge.printers import Delivery, JobOutcome, PrinterState
from kiosk.clock import day_at, utc_now
from kiosk.errors import KioskError, NotFound
from kiosk.i18n import band_date, clock_time, long_date, translations
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.registry import Intake
from kiosk.privacy.wording import kept_for
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.directory.hosts import host_view
from kiosk.services.greeting import name_parts
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.drain import Attempt
from kiosk.services.outbox.queue import alert_reception, queue_badge
from kiosk.store.outbox_repository import (
    Channel,
    JobRecord,
    JobStatus,
    Template,
)
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

DELIVERY_STATUS = {
    Delivery.PRINTED: JobStatus.SENT,
    Delivery.NOT_SENT: JobStatus.PENDING,
    Delivery.UNCERTAIN: JobStatus.UNCERTAIN,
}


def badge_content(uow: UnitOfWork, kiosk: Kiosk, visit_id: int) -> BadgeContent:
    visit = uow.visits.get(kiosk.site.id, visit_id)
    if visit is None:
        raise KioskError("the visit no longer exists", reason="visit_gone")
    guest = uow.subjects.get(visit.guest_subject_id)
    held = kiosk.gateway.by_field(uow, guest)
    language = held.get("visitor.language", kiosk.settings.language)
    zone = ZoneInfo(kiosk.site.timezone)
    checked_in = visit.checked_in_at.astimezone(zone)
    invitation = (
        uow.invitations.get(kiosk.site.id, visit.invitation_id) if visit.invitation_id else None
    )
    until = (
        invitation.ends_at.astimezone(zone)
        if invitation
        else datetime.combine(checked_in.date(), time(23, 59), zone)
    )
    intake = Intake.INVITATION if invitation else Intake.WALK_IN
    return badge_text(
        kiosk,
        language,
        name=held.get("visitor.name", ""),
        company=held.get("visitor.company"),
        host=host_view(uow, kiosk, uow.hosts.get(visit.host_id)).name,
        day=checked_in,
        until=until,
        badge_number=visit.badge_number,
        qr_data=kiosk.badge_tokens.token(visit.id),
        purpose=kiosk.gateway.registry.purpose_for("visitor.name", intake, visit.visit_type),
        photo=held.get("visitor.photo"),
    )


def badge_text(
    kiosk: Kiosk,
    language: str,
    *,
    name: str,
    company: str | None,
    host: str,
    day: datetime,
    until: datetime,
    badge_number: int,
    qr_data: str,
    purpose: str,
    photo: bytes | None = None,
) -> BadgeContent:
    """What a badge says, in the guest's language, including how long their name is kept."""
    _ = translations(language).gettext
    registry = kiosk.gateway.registry
    held_for = registry.purposes[purpose]
    kept = kept_for(held_for, language, kiosk.gateway.policy.retention(held_for).days)
    if until.date() == day.date():
        valid = _("Valid until {time}").format(time=clock_time(until, language))
    else:
        valid = _("Valid until {date}").format(date=long_date(until, language))
    return BadgeContent(
        band=_("VISITOR"),
        name=name,
        company=company,
        host=_("Host: {host}").format(host=host),
        valid=valid,
        badge_number=badge_number,
        qr_data=qr_data,
        site_name=kiosk.site.name,
        privacy_line=_("Data kept {retention} · your rights: {url}").format(
            retention=kept,
            url=kiosk.settings.policy_url.split("://", 1)[-1],  # short on paper: no scheme
        ),
        logo=kiosk.settings.logo,
        photo=photo,
        day=band_date(day, until, language),
        given_name=name_parts(name)[0],
    )


def forget_badge_previews(kiosk: Kiosk, visit_ids: list[int]) -> int:
    """Deletes the preview pictures of these visits' badges (they show the name and host);
    how many."""
    return sum(kiosk.printer.forget(f"badge-{visit_id}-") for visit_id in visit_ids)


def _drawn(kiosk: Kiosk, content: BadgeContent) -> bytes:
    """A badge as a PNG, drawn from the layout this kiosk's printer gets."""
    blocks = layout_badge(content, kiosk.printer.typesetter)
    return render_png(blocks, kiosk.printer.profile.width_dots)


def badge_preview(kiosk: Kiosk, visit_id: int) -> bytes:
    """The visit's badge as a PNG, exactly as it prints (for the guest's own screen)."""
    with kiosk.unit_of_work() as uow:
        content = badge_content(uow, kiosk, visit_id)
    return _drawn(kiosk, content)


def preview_badge(kiosk: Kiosk, visit_id: int) -> tuple[int, bytes]:
    """The visit's badge as a PNG exactly as this kiosk's printer prints it (whatever the
    printer), with its number; audited as a print."""
    with kiosk.unit_of_work() as uow:
        visit = _visit(uow, kiosk, visit_id)
        content = badge_content(uow, kiosk, visit.id)
        audit_print(uow, kiosk, visit, "preview")
        uow.commit()
    return visit.badge_number, _drawn(kiosk, content)


def _visit(uow: UnitOfWork, kiosk: Kiosk, visit_id: int) -> VisitRecord:
    visit = uow.visits.get(kiosk.site.id, visit_id)
    if visit is None:
        raise NotFound("this is not one of today's badges", reason="unknown_badge")
    return visit


VISIT_OVER = "the visit is over: its badge is no longer printed"


def check_badge_wanted(kiosk: Kiosk, visit: VisitRecord, now: datetime) -> None:
    """A badge prints only while its guest is on site, on the badge's day: one still waiting
    after the visit (a printer down all afternoon, a year-old database upgraded) would be a
    name on paper nobody collects, with a number of another day. (The outbox withdraws the
    waiting ones by the same rule: :meth:`OutboxRepository.withdraw_badges`.)"""
    if visit.checked_out_at is not None or visit.badge_day != day_at(now, kiosk.site.timezone):
        raise KioskError(VISIT_OVER, reason="visit_over")


def audit_print(uow: UnitOfWork, kiosk: Kiosk, visit: VisitRecord, detail: str) -> None:
    guest = uow.subjects.get(visit.guest_subject_id)
    event = AuditEvent(AuditAction.PRINT, kiosk.actor, guest.reference, detail=detail)
    kiosk.audit.record(uow, kiosk.site.id, event)


def attempt_of(outcome: JobOutcome) -> Attempt:
    """A printer's outcome as the outbox records it."""
    status = DELIVERY_STATUS[outcome.delivery]
    return Attempt(status, None if status == JobStatus.SENT else str(outcome.status))


class BadgeSender:
    """Badges to this kiosk's printer. No transaction is open while the printer is asked (it
    may take ``printer.timeout``)."""

    channel = Channel.PRINT
    one_destination = True

    def __init__(self, kiosk: Kiosk) -> None:
        self._kiosk = kiosk
        self.kiosk_id = kiosk.settings.kiosk_id

    def withdraw(self, uow: UnitOfWork, now: datetime) -> None:
        """Badges of visits that are over, all at once: after an upgrade or a long outage, a
        backlog of them would hold up the badge of the guest standing at the kiosk."""
        kiosk = self._kiosk
        uow.outbox.withdraw_badges(kiosk.site.id, day_at(now, kiosk.site.timezone), VISIT_OVER)

    def compose(self, uow: UnitOfWork, job: JobRecord, now: datetime) -> tuple[str, list[Block]]:
        if job.template != Template.BADGE:
            raise KioskError(f"no such print template {job.template}", reason="unknown_template")
        content = badge_content(uow, self._kiosk, job.reference_id)
        label = f"badge-{job.reference_id}-{job.id}"
        return label, layout_badge(content, self._kiosk.printer.typesetter)

    def send(self, composed: tuple[str, list[Block]]) -> Attempt:
        label, blocks = composed
        try:
            return attempt_of(self._kiosk.printer.print_blocks(blocks, label))
        except (KioskError, OSError) as error:  # OSError: the logo or the preview folder
            return Attempt(JobStatus.FAILED, f"cannot print: {error}")

    def finished(self, uow: UnitOfWork, job: JobRecord, attempt: Attempt, now: datetime) -> None:
        """A badge that did not print tells reception; one that did closes that alert. What
        reached the printer is audited as a print."""
        kiosk = self._kiosk
        visit = uow.visits.get(kiosk.site.id, job.reference_id)
        if visit is None:
            return
        if attempt.status == JobStatus.SENT:
            uow.alerts.resolve_for_visit(
                kiosk.site.id, visit.id, AlertReason.NOT_PRINTED, kiosk.actor, now
            )
        else:
            alert_reception(
                uow,
                kiosk,
                AlertReason.NOT_PRINTED,
                now,
                subject_id=visit.guest_subject_id,
                visit_id=visit.id,
            )
            if attempt.error and attempt.error.startswith(PrinterState.PAPER_OUT):
                alert_reception(uow, kiosk, AlertReason.PAPER_OUT, now)
        if attempt.status in (JobStatus.SENT, JobStatus.UNCERTAIN):
            came_out = "printed" if attempt.status == JobStatus.SENT else "uncertain"
            audit_print(uow, kiosk, visit, f"badge ({came_out})")


class BadgeProgress(StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    PROBLEM = "problem"
    """Not printed, and not about to be: the guest should see reception."""


def badge_progress(kiosk: Kiosk, visit_id: int) -> BadgeProgress:
    """How the newest badge job of a visit is doing, for the guest waiting at the kiosk."""
    with kiosk.unit_of_work() as uow:
        job = uow.outbox.latest_for(kiosk.site.id, Template.BADGE, visit_id)
    if (
        job is None
        or job.status in (JobStatus.FAILED, JobStatus.UNCERTAIN)
        or (job.status == JobStatus.PENDING and job.attempts)
    ):
        return BadgeProgress.PROBLEM
    return BadgeProgress.PRINTED if job.status == JobStatus.SENT else BadgeProgress.PRINTING


def reprint(
    kiosk: Kiosk, visit_id: int, now: datetime | None = None, at: str | None = None
) -> VisitRecord:
    """Queues the visit's badge once more, for this kiosk's printer or kiosk ``at``'s."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        visit = _visit(uow, kiosk, visit_id)
        check_badge_wanted(kiosk, visit, now)
        queue_badge(uow, kiosk, visit.id, now, at)
        uow.commit()
    return visit
