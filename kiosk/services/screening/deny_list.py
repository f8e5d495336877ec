"""The deny list: people who may not enter, until a date. Names match regardless of case and
accents (through the keyed hash of the folded name); a hit sends the guest to reception
without telling them why, and is audited."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import given_day, utc_now
from kiosk.errors import NotFound
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.gateway import Notice, Source
from kiosk.privacy.registry import Intake, RetentionEvent, Subject
from kiosk.services.intake.fields import capture_values, check_values
from kiosk.services.kiosk import Kiosk
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.unit_of_work import UnitOfWork

DENY_NOTICE_VERSION = "deny-list.1"
"""Nobody on the list was shown a notice by us; the version records the staff procedure."""


@dataclass(frozen=True)
class DenyRequest:
    values: Mapping[str, object]
    """By registry field: ``visitor.deny_name``, ``visitor.deny_reason`` and, to tell namesakes
    apart, ``visitor.id_type`` and ``visitor.id_last4``."""
    until: datetime


@dataclass(frozen=True)
class DenyView:
    id: int
    name: str
    reason: str
    until: datetime
    id_type: str | None
    id_last4: str | None


def add_to_deny_list(kiosk: Kiosk, request: DenyRequest, actor: str) -> int:
    """Puts a person on the list; an empty name or reason is refused, not skipped."""
    given_day(request.until)
    checked = check_values(kiosk, request.values, Intake.DENY_LIST)
    notice = Notice(DENY_NOTICE_VERSION, kiosk.settings.language)
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.create(kiosk.site.id, Subject.VISITOR)
        capture_values(uow, kiosk, subject, checked, Source.STAFF_ENTERED, actor, notice)
        entry_id = uow.deny_list.add(kiosk.site.id, subject.id, request.until)
        kiosk.gateway.start_retention(uow, subject, RetentionEvent.DENY_END, request.until)
        _audit(uow, kiosk, AuditAction.DENY_LIST_CHANGE, actor, subject, "added")
        uow.commit()
    return entry_id


def deny_list(kiosk: Kiosk, actor: str, now: datetime | None = None) -> list[DenyView]:
    """The entries in force; showing their ID details to ``actor`` is audited."""
    with kiosk.unit_of_work() as uow:
        views = []
        for entry in uow.deny_list.active(kiosk.site.id, now or utc_now()):
            subject = uow.subjects.get(entry.subject_id)
            held = kiosk.gateway.by_field(uow, subject)
            views.append(
                DenyView(
                    entry.id,
                    held.get("visitor.deny_name", ""),
                    held.get("visitor.deny_reason", ""),
                    entry.until,
                    held.get("visitor.id_type"),
                    held.get("visitor.id_last4"),
                )
            )
            if "visitor.id_last4" in held:
                _audit(uow, kiosk, AuditAction.VIEW_VERIFICATION, actor, subject, "deny list")
        uow.commit()
    return views


def remove_from_deny_list(kiosk: Kiosk, entry_id: int, actor: str) -> None:
    """Ends the ban now; its values are erased with the purpose's retention (at once)."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        entry = uow.deny_list.remove(kiosk.site.id, entry_id, now)
        if entry is None:
            raise NotFound(f"no deny-list entry {entry_id}", reason="no_deny_entry")
        subject = uow.subjects.get(entry.subject_id)
        kiosk.gateway.start_retention(uow, subject, RetentionEvent.DENY_END, now)
        _audit(uow, kiosk, AuditAction.DENY_LIST_CHANGE, actor, subject, "removed")
        uow.commit()


def denied(uow: UnitOfWork, kiosk: Kiosk, guest: SubjectRecord, name: str, now: datetime) -> bool:
    """Whether ``name`` is on the list in force; a hit is audited against the guest."""
    subjects = kiosk.gateway.find_subjects(uow, kiosk.site.id, "visitor.deny_name", name)
    hit = bool(subjects) and bool(uow.deny_list.active(kiosk.site.id, now, subjects))
    if hit:
        _audit(uow, kiosk, AuditAction.DENY_LIST_HIT, kiosk.actor, guest, "sent to reception")
    return hit


def _audit(
    uow: UnitOfWork,
    kiosk: Kiosk,
    action: AuditAction,
    actor: str,
    subject: SubjectRecord,
    detail: str,
) -> None:
    kiosk.audit.record(
        uow, kiosk.site.id, AuditEvent(action, actor, subject.reference, detail=detail)
    )
