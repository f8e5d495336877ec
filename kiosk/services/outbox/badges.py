"""Badge print jobs from the outbox, reprints, the sample badge and the roll call.

A badge job is sent only when the printer says it can print it; when it cannot, the job waits
and is retried with a growing delay. A job that may have come out (the link broke, or the
printer reported a fault right after) becomes 'uncertain': staff reprint it or let it be, and
it is never sent twice on its own. The preview printer saves each badge as a PNG instead.
"""

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from kiosk.badge.layout import NORMAL, BadgeContent, Block, layout_badge
from kiosk.badge.preview import render_png
from kiosk.badge.printers import Delivery, JobOutcome
from kiosk.badge.printers import PrinterState as PrinterState  # what printer_status() reports
from kiosk.badge.printers import PrinterStatus as PrinterStatus
from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.i18n import clock_time, long_date, translations
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.wording import retention_text
from kiosk.services.bootstrap import Kiosk
from kiosk.services.directory.hosts import host_view
from kiosk.services.outbox.drain import SENDING_LEASE, DrainReport, backoff
from kiosk.services.visits.visits import BADGE_TEMPLATE, OnSite, find_visit, on_site
from kiosk.store.outbox_repository import FAILED, PENDING, SENT, UNCERTAIN, JobRecord
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

SAMPLE_NAME = "Siti Rahayu"
NOT_PRINTED = "badge_not_printed"


def badge_content(uow: UnitOfWork, kiosk: Kiosk, visit_id: int) -> BadgeContent:
    visit = uow.visits.get(kiosk.site.id, visit_id)
    if visit is None:
        raise KioskError("the visit no longer exists")
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
    return _content(
        kiosk,
        language,
        name=held.get("visitor.name", ""),
        company=held.get("visitor.company"),
        host=host_view(uow, kiosk, uow.hosts.get(visit.host_id)).name,
        day=checked_in,
        until=until,
        badge_number=visit.badge_number,
        qr_data=kiosk.badge_tokens.token(visit.id),
        photo=held.get("visitor.photo"),
    )


def _content(
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
    photo: bytes | None = None,
) -> BadgeContent:
    _ = translations(language).gettext
    purpose = kiosk.gateway.registry.purposes["visitor-identification"]
    kept = retention_text(purpose, language, kiosk.gateway.policy.retention(purpose).days)
    return BadgeContent(
        band=_("VISITOR"),
        name=name,
        company=company,
        host=_("Host: {host}").format(host=host),
        valid=_("{date}, valid until {time}").format(
            date=long_date(day, language), time=clock_time(until, language)
        ),
        badge_number=badge_number,
        qr_data=qr_data,
        site_name=kiosk.site.name,
        privacy_line=_("Your data is kept {retention}. Questions: reception.").format(
            retention=kept
        ),
        logo=kiosk.settings.logo,
        photo=photo,
    )


def badge_preview(kiosk: Kiosk, visit_id: int) -> bytes:
    """The visit's badge as a PNG, drawn from the layout the printer gets."""
    with kiosk.unit_of_work() as uow:
        content = badge_content(uow, kiosk, visit_id)
    blocks = layout_badge(content, kiosk.printer.typesetter)
    return render_png(blocks, kiosk.printer.profile.width_dots)


def _audit_print(uow: UnitOfWork, kiosk: Kiosk, visit: VisitRecord, detail: str) -> None:
    guest = uow.subjects.get(visit.guest_subject_id)
    event = AuditEvent(AuditAction.PRINT, kiosk.actor, guest.reference, detail=detail)
    kiosk.audit.record(uow, kiosk.site.id, event)


def _print_job(kiosk: Kiosk, job: JobRecord, now: datetime) -> JobOutcome | None:
    """Prints one claimed badge job and records how it went; None when it cannot be built.
    No transaction is open while the printer is asked (it may take ``printer.timeout``)."""
    try:
        if job.template != BADGE_TEMPLATE:
            raise KioskError(f"no such print template {job.template}")
        with kiosk.unit_of_work() as uow:
            content = badge_content(uow, kiosk, job.reference_id)
        blocks = layout_badge(content, kiosk.printer.typesetter)
        outcome = kiosk.printer.print_blocks(blocks, f"badge-{job.reference_id}-{job.id}")
    except (KioskError, OSError) as error:  # OSError: the logo or the preview folder
        with kiosk.unit_of_work() as uow:
            uow.outbox.finish(job.id, FAILED, error=f"cannot print: {error}"[:200])
            uow.commit()
        return None
    with kiosk.unit_of_work() as uow:
        visit = uow.visits.get(kiosk.site.id, job.reference_id)
        if outcome.delivery == Delivery.NOT_SENT:
            retry_at = now + backoff(job.attempts)
            uow.outbox.finish(job.id, PENDING, error=str(outcome.status), next_attempt_at=retry_at)
        elif outcome.delivery == Delivery.UNCERTAIN:
            uow.outbox.finish(job.id, UNCERTAIN, error=str(outcome.status))
        else:
            uow.outbox.finish(job.id, SENT, sent_at=now)
            uow.alerts.resolve_for_visit(kiosk.site.id, visit.id, NOT_PRINTED, kiosk.actor, now)
        if outcome.delivery != Delivery.PRINTED:
            uow.alerts.raise_alert(
                kiosk.site.id,
                kiosk.settings.kiosk_id,
                NOT_PRINTED,
                now,
                subject_id=visit.guest_subject_id,
                visit_id=visit.id,
            )
        if outcome.delivery != Delivery.NOT_SENT:
            _audit_print(uow, kiosk, visit, f"badge ({outcome.delivery})")
        uow.commit()
    return outcome


class BadgeProgress(StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    PROBLEM = "problem"
    """Not printed, and not about to be: the guest should see reception."""


def badge_progress(kiosk: Kiosk, visit_id: int) -> BadgeProgress:
    """How the newest badge job of a visit is doing, for the guest waiting at the kiosk."""
    with kiosk.unit_of_work() as uow:
        job = uow.outbox.latest_for(kiosk.site.id, BADGE_TEMPLATE, visit_id)
    if job is None or job.status in (FAILED, UNCERTAIN) or (job.status == PENDING and job.attempts):
        return BadgeProgress.PROBLEM
    return BadgeProgress.PRINTED if job.status == SENT else BadgeProgress.PRINTING


def print_due_badges(kiosk: Kiosk, now: datetime | None = None, limit: int = 20) -> DrainReport:
    """Prints the badges that are due, one at a time; stops at the first the printer cannot
    take, so a printer that is down costs one status query, not one per waiting badge."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        uow.outbox.mark_abandoned(kiosk.site.id, now - SENDING_LEASE)
        uow.commit()
    counts: dict[str, int] = {}
    for _ in range(limit):
        with kiosk.unit_of_work() as uow:
            jobs = uow.outbox.claim_due(kiosk.site.id, "print", now, kiosk.actor, 1)
            uow.commit()
        if not jobs:
            break
        outcome = _print_job(kiosk, jobs[0], now)
        delivery = str(outcome.delivery) if outcome else FAILED
        counts[delivery] = counts.get(delivery, 0) + 1
        if outcome and outcome.delivery == Delivery.NOT_SENT:
            break
    return DrainReport(counts)


def reprint(kiosk: Kiosk, badge: str, now: datetime | None = None) -> VisitRecord:
    """Queues the badge of the visit that ``badge`` (its QR token or today's number) names
    once more."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        visit = find_visit(uow, kiosk, badge, now)
        copies = uow.outbox.count_for(kiosk.site.id, BADGE_TEMPLATE, visit.id)
        key = f"badge:{visit.id}:{copies + 1}"
        uow.outbox.enqueue(kiosk.site.id, "print", BADGE_TEMPLATE, visit.id, key, now)
        uow.commit()
    return visit


def print_sample(kiosk: Kiosk, name: str = SAMPLE_NAME, now: datetime | None = None) -> JobOutcome:
    """Prints a sample badge (no visit, a QR code that signs nobody out)."""
    now = now or utc_now()
    language = kiosk.settings.language
    content = _content(
        kiosk,
        language,
        name=name,
        company=None,
        host=translations(language).gettext("Reception"),
        day=now.astimezone(ZoneInfo(kiosk.site.timezone)),
        until=now.astimezone(ZoneInfo(kiosk.site.timezone)),
        badge_number=0,
        qr_data="sample badge",
    )
    return kiosk.printer.print_blocks(layout_badge(content, kiosk.printer.typesetter), "sample")


@dataclass(frozen=True)
class RollCall:
    guests: list[OnSite]
    outcome: JobOutcome


def _roll_call_blocks(kiosk: Kiosk, guests: list[OnSite], now: datetime) -> list[Block]:
    zone = ZoneInfo(kiosk.site.timezone)
    setter = kiosk.printer.typesetter
    language = kiosk.settings.language
    _ = translations(language).gettext
    local = now.astimezone(zone)
    heading = _("On site now: {count} ({date}, {time})").format(
        count=len(guests), date=long_date(local, language), time=clock_time(local, language)
    )
    blocks: list[Block] = []
    blocks += setter.lines(kiosk.site.name, NORMAL, bold=True)
    blocks += setter.lines(heading, NORMAL, bold=True)
    for guest in guests:
        since = guest.since.astimezone(zone)
        line = f"#{guest.badge_number} {guest.guest_name} / {guest.host_name} / {since:%H:%M}"
        blocks += setter.lines(line, NORMAL)
    return blocks


def print_roll_call(kiosk: Kiosk, now: datetime | None = None) -> RollCall:
    """Prints who is in the building now, for an evacuation (staff only: it shows names)."""
    now = now or utc_now()
    guests = on_site(kiosk)
    outcome = kiosk.printer.print_blocks(_roll_call_blocks(kiosk, guests, now), "roll-call")
    if outcome.delivery != Delivery.NOT_SENT:
        with kiosk.unit_of_work() as uow:
            for guest in guests:
                visit = uow.visits.get(kiosk.site.id, guest.visit_id)
                _audit_print(uow, kiosk, visit, "roll call")
            uow.commit()
    return RollCall(guests, outcome)
