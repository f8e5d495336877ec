"""The admin's privacy work in the portal: the record of processing and the registry's fields,
the audit log verified, and each purpose's retention with the next purge previewed. Only an
admin sees them (to anyone else they do not exist); each look is audited."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kiosk.clock import utc_now
from kiosk.privacy.audit_checkpoint import Checkpoint, CheckpointAltered
from kiosk.privacy.wording import FieldLine, PurposeLine
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import viewed
from kiosk.services.records.policy import (
    AuditReport,
    describe_fields,
    describe_policy,
    registry_export,
    verify_audit,
)
from kiosk.services.retention.purge import PurgeReport, purge
from kiosk.services.rights.request_clock import record_with_requests
from kiosk.services.roles import Role, require

DOWNLOADS = {"md": "text/markdown", "csv": "text/csv", "fideslang": "application/yaml"}
"""The record of processing as Markdown or CSV, and the registry as fideslang YAML."""


def record_download(kiosk: Kiosk, user: PortalUser, style: str, language: str) -> str:
    require(user.role, Role.ADMIN)
    text = (
        registry_export(kiosk.settings, style)
        if style == "fideslang"
        else record_with_requests(kiosk, style, language)
    )
    viewed(kiosk, user.actor, f"records:{style}")
    return text


def registry_fields(kiosk: Kiosk, user: PortalUser, language: str) -> tuple[str, list[FieldLine]]:
    """The policy's version and every field of it, with what it is held for here."""
    require(user.role, Role.ADMIN)
    described = describe_fields(kiosk.settings, language)
    viewed(kiosk, user.actor, "records")
    return described


@dataclass(frozen=True)
class AuditCheck:
    report: AuditReport
    checkpoint: Checkpoint | None
    """The newest entry this kiosk saw written, kept outside the database."""


def check_audit(kiosk: Kiosk, user: PortalUser) -> AuditCheck:
    require(user.role, Role.ADMIN)
    report = verify_audit(kiosk)
    try:
        checkpoint = kiosk.audit.checkpoint.seen()
    except CheckpointAltered:
        checkpoint = None  # verification names it among the problems
    viewed(kiosk, user.actor, f"audit:{report.entries}")
    return AuditCheck(report, checkpoint)


@dataclass(frozen=True)
class RetentionPreview:
    purposes: list[PurposeLine]
    next_purge: datetime
    """When the running kiosk purges next (daily, once the day's visits are closed)."""
    due: PurgeReport
    """What that purge would remove if it ran now."""


def preview_retention(kiosk: Kiosk, user: PortalUser, language: str) -> RetentionPreview:
    require(user.role, Role.ADMIN)
    now = utc_now()
    zone = ZoneInfo(kiosk.site.timezone)
    local = now.astimezone(zone)
    at = datetime.combine(local.date(), kiosk.settings.auto_checkout_at, zone)
    next_purge = at if local < at else at + timedelta(days=1)
    due = purge(kiosk, now=now, dry_run=True)
    viewed(kiosk, user.actor, f"retention:{sum(due.values.values())}")
    return RetentionPreview(describe_policy(kiosk.settings, language).purposes, next_purge, due)
