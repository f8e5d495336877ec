"""Badge print jobs from the outbox. With the preview printer (``dummy:``) each badge becomes a
PNG in the site's badge folder, drawn from the same layout the thermal printers will print;
jobs for other printers wait for their driver."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from kiosk.badge.layout import BadgeContent, layout_badge
from kiosk.badge.preview import measure, render_png
from kiosk.errors import KioskError
from kiosk.i18n import clock_time, long_date, translations
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.wording import retention_text
from kiosk.services.bootstrap import Kiosk
from kiosk.services.hosts import host_view
from kiosk.services.outbox import DrainReport
from kiosk.services.visits import BADGE_TEMPLATE
from kiosk.store.base import utc_now
from kiosk.store.outbox_repository import FAILED, SENT
from kiosk.store.unit_of_work import UnitOfWork

PREVIEW_PRINTER = "dummy:"
WIDTH_DOTS = 576


def badge_content(uow: UnitOfWork, kiosk: Kiosk, visit_id: int) -> BadgeContent:
    visit = uow.visits.get(kiosk.site.id, visit_id)
    if visit is None:
        raise KioskError("the visit no longer exists")
    guest = uow.subjects.get(visit.guest_subject_id)
    held = kiosk.gateway.by_field(uow, guest)
    language = held.get("visitor.language", kiosk.settings.language)
    _ = translations(language).gettext
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
    purpose = kiosk.gateway.registry.purposes["visitor-identification"]
    kept = retention_text(purpose, language, kiosk.gateway.policy.retention(purpose).days)
    return BadgeContent(
        band=_("VISITOR"),
        name=held.get("visitor.name", ""),
        company=held.get("visitor.company"),
        host=_("Host: {host}").format(
            host=host_view(uow, kiosk, uow.hosts.get(visit.host_id)).name
        ),
        valid=_("{date}, valid until {time}").format(
            date=long_date(checked_in, language), time=clock_time(until, language)
        ),
        badge_number=visit.badge_number,
        qr_data=kiosk.badge_tokens.token(visit.id),
        site_name=kiosk.site.name,
        privacy_line=_("Your data is kept {retention}. Questions: reception.").format(
            retention=kept
        ),
    )


def print_due_badges(kiosk: Kiosk, now: datetime | None = None, limit: int = 20) -> DrainReport:
    """Prints the badges that are due, when the printer is the preview printer."""
    if kiosk.settings.printer != PREVIEW_PRINTER:
        return DrainReport({})
    now = now or utc_now()
    folder = kiosk.settings.badge_dir
    folder.mkdir(parents=True, exist_ok=True)
    with kiosk.unit_of_work() as uow:
        jobs = uow.outbox.claim_due(kiosk.site.id, "print", now, kiosk.actor, limit)
        uow.commit()
    counts: dict[str, int] = {}
    for job in jobs:
        with kiosk.unit_of_work() as uow:
            status = FAILED
            try:
                if job.template != BADGE_TEMPLATE:
                    raise KioskError(f"no such print template {job.template}")
                content = badge_content(uow, kiosk, job.reference_id)
                png = render_png(layout_badge(content, WIDTH_DOTS, measure), WIDTH_DOTS)
                (folder / f"badge-{job.reference_id}-{job.id}.png").write_bytes(png)
                visit = uow.visits.get(kiosk.site.id, job.reference_id)
                guest = uow.subjects.get(visit.guest_subject_id)
                event = AuditEvent(AuditAction.PRINT, kiosk.actor, guest.reference, detail="badge")
                kiosk.audit.record(uow, kiosk.site.id, event)
                uow.outbox.finish(job.id, SENT, sent_at=now)
                status = SENT
            except (KioskError, OSError) as error:
                uow.outbox.finish(job.id, FAILED, error=str(error)[:200])
            uow.commit()
        counts[status] = counts.get(status, 0) + 1
    return DrainReport(counts)
