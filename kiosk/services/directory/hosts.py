"""The member directory: hosts that guests visit. Every value goes through the gateway under
the members' purposes; a host is found again by the keyed hash of their email."""

from dataclasses import dataclass

from kiosk.clock import utc_now
from kiosk.errors import Conflict, NotFound
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.privacy.registry import RetentionEvent, Subject
from kiosk.services.bootstrap import Kiosk
from kiosk.store.repositories import HostRecord
from kiosk.store.unit_of_work import UnitOfWork

DIRECTORY_NOTICE_VERSION = "member-directory.1"
PURPOSES = {
    "member.name": "member-service-provision",
    "member.email": "member-operational-notices",
    "member.phone": "member-operational-notices",
    "member.company": "member-service-provision",
    "member.unit": "member-service-provision",
    "member.language": "member-preferences",
}


@dataclass(frozen=True)
class NewHost:
    name: str
    email: str
    phone: str | None = None
    company: str | None = None
    unit: str | None = None
    language: str = "id"


@dataclass(frozen=True)
class HostView:
    """A host as staff see them in the directory."""

    id: int
    name: str
    email: str
    phone: str | None
    company: str | None
    unit: str | None
    language: str
    active: bool


def find_host(uow: UnitOfWork, kiosk: Kiosk, email: str) -> HostRecord:
    subjects = kiosk.gateway.find_subjects(uow, kiosk.site.id, "member.email", email)
    hosts = uow.hosts.of_subjects(kiosk.site.id, subjects) if subjects else []
    if not hosts:
        raise NotFound(f"no host with the email {email} in the directory")
    return hosts[0]


def add_host(uow: UnitOfWork, kiosk: Kiosk, host: NewHost, actor: str) -> int:
    """Adds a member entered by staff; refuses an email already in the directory."""
    subjects = kiosk.gateway.find_subjects(uow, kiosk.site.id, "member.email", host.email)
    if subjects and uow.hosts.of_subjects(kiosk.site.id, subjects):
        raise Conflict(f"{host.email} is already in the directory")
    subject = uow.subjects.create(kiosk.site.id, Subject.MEMBER)
    notice = Notice(DIRECTORY_NOTICE_VERSION, host.language)
    values = {
        "member.name": host.name,
        "member.email": host.email,
        "member.phone": host.phone,
        "member.company": host.company,
        "member.unit": host.unit,
        "member.language": host.language,
    }
    for field, value in values.items():
        if value:
            kiosk.gateway.capture(
                uow,
                Capture(
                    subject, field, value, PURPOSES[field], Source.STAFF_ENTERED, actor, notice
                ),
            )
    return uow.hosts.add(kiosk.site.id, subject.id)


def host_view(uow: UnitOfWork, kiosk: Kiosk, host: HostRecord) -> HostView:
    subject = uow.subjects.get(host.subject_id)
    values = kiosk.gateway.by_field(uow, subject)
    return HostView(
        id=host.id,
        name=values.get("member.name", ""),
        email=values.get("member.email", ""),
        phone=values.get("member.phone"),
        company=values.get("member.company"),
        unit=values.get("member.unit"),
        language=values.get("member.language", "id"),
        active=host.active,
    )


def list_hosts(kiosk: Kiosk, *, include_inactive: bool = False) -> list[HostView]:
    with kiosk.unit_of_work() as uow:
        hosts = uow.hosts.all(kiosk.site.id, active_only=not include_inactive)
        views = [host_view(uow, kiosk, host) for host in hosts]
    return sorted(views, key=lambda view: view.name.casefold())


SEARCH_FROM = 2
SEARCH_LIMIT = 8


def search_hosts(kiosk: Kiosk, text: str) -> list[HostView]:
    """Active hosts whose name or company holds ``text`` (from two letters): hosts only, so a
    guest choosing a host never sees anyone else."""
    text = " ".join(text.split())
    if len(text) < SEARCH_FROM:
        return []
    fields = ("member.name", "member.company")
    with kiosk.unit_of_work() as uow:
        subjects = kiosk.gateway.search_plain(uow, kiosk.site.id, fields, text, SEARCH_LIMIT * 2)
        hosts = [h for h in uow.hosts.of_subjects(kiosk.site.id, subjects) if h.active]
        views = [host_view(uow, kiosk, host) for host in hosts[:SEARCH_LIMIT]]
    return sorted(views, key=lambda view: view.name.casefold())


def deactivate_host(kiosk: Kiosk, email: str, actor: str) -> HostView:
    """Takes a host out of the directory: guests can no longer choose them."""
    with kiosk.unit_of_work() as uow:
        host = find_host(uow, kiosk, email)
        uow.hosts.deactivate(host.id)
        subject = uow.subjects.get(host.subject_id)
        kiosk.gateway.start_retention(uow, subject, RetentionEvent.MEMBERSHIP_END, utc_now())
        kiosk.audit.record(
            uow,
            kiosk.site.id,
            AuditEvent(
                AuditAction.DIRECTORY_CHANGE, actor, subject.reference, detail="deactivated"
            ),
        )
        view = host_view(uow, kiosk, uow.hosts.get(host.id))
        uow.commit()
    return view
