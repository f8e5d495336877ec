"""The member directory: hosts that guests visit. Every value goes through the gateway for the
purpose the registry gives it in the directory; a host is found again by the keyed hash of
their email."""

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.clock import utc_now
from kiosk.errors import CaptureRefused, Conflict, NotFound
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.field_kinds import lookup_form, normalise
from kiosk.privacy.gateway import Notice, Source
from kiosk.privacy.registry import Intake, RetentionEvent, Subject
from kiosk.services.intake.fields import Checked, capture_values, check_values
from kiosk.services.kiosk import Kiosk
from kiosk.services.roles import Role
from kiosk.store.repositories import HostRecord
from kiosk.store.unit_of_work import UnitOfWork

DIRECTORY_NOTICE_VERSION = "member-directory.1"
NAME_FIELD, EMAIL_FIELD, LANGUAGE_FIELD = "member.name", "member.email", "member.language"


@dataclass(frozen=True)
class NewHost:
    values: Mapping[str, object]
    """The member's details by registry field: ``{"member.name": "Rina Wijaya", ...}``."""

    @property
    def email(self) -> str:
        return str(self.values.get(EMAIL_FIELD) or "")


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


def email_key(kiosk: Kiosk, email: str) -> str:
    """The one form of every spelling of an email address the directory finds as the same
    (NFKC, case-folded, the domain as IDNA reads it): what a limit per address counts under.
    Text that is no email address is only folded."""
    binding = kiosk.gateway.registry.fields[EMAIL_FIELD]
    try:
        email = lookup_form(binding, str(normalise(binding, email)))
    except CaptureRefused:
        email = email.strip()
    return unicodedata.normalize("NFKC", email.casefold()).casefold()


def find_host(uow: UnitOfWork, kiosk: Kiosk, email: str) -> HostRecord:
    subjects = kiosk.gateway.find_subjects(uow, kiosk.site.id, "member.email", email)
    hosts = uow.hosts.of_subjects(kiosk.site.id, subjects) if subjects else []
    if not hosts:
        raise NotFound(f"no host with the email {email} in the directory", reason="unknown_host")
    return hosts[0]


def host_by_email(kiosk: Kiosk, email: str) -> HostView:
    """The host with this directory email (NotFound if there is none)."""
    with kiosk.unit_of_work() as uow:
        return host_view(uow, kiosk, find_host(uow, kiosk, email))


def check_host(kiosk: Kiosk, host: NewHost) -> Checked:
    """The host's values with their purposes, or the refusal naming the field."""
    return check_values(kiosk, host.values, Intake.DIRECTORY)


def add_host(uow: UnitOfWork, kiosk: Kiosk, host: NewHost, actor: str) -> int:
    """Adds a member entered by staff, in the caller's unit of work; refuses an email already
    in the directory."""
    checked = check_host(kiosk, host)
    subjects = kiosk.gateway.find_subjects(uow, kiosk.site.id, EMAIL_FIELD, host.email)
    if subjects and uow.hosts.of_subjects(kiosk.site.id, subjects):
        raise Conflict(f"{host.email} is already in the directory", reason="host_exists")
    subject = uow.subjects.create(kiosk.site.id, Subject.MEMBER)
    language, _ = checked.get(LANGUAGE_FIELD, (kiosk.settings.language, None))
    notice = Notice(DIRECTORY_NOTICE_VERSION, str(language))
    capture_values(uow, kiosk, subject, checked, Source.STAFF_ENTERED, actor, notice)
    return uow.hosts.add(kiosk.site.id, subject.id)


def add_to_directory(kiosk: Kiosk, host: NewHost, actor: str) -> int:
    """Adds one host in a transaction of its own."""
    with kiosk.unit_of_work() as uow:
        host_id = add_host(uow, kiosk, host, actor)
        uow.commit()
    return host_id


def host_view(uow: UnitOfWork, kiosk: Kiosk, host: HostRecord) -> HostView:
    subject = uow.subjects.get(host.subject_id)
    return _view(kiosk, host, kiosk.gateway.by_field(uow, subject))


def _view(kiosk: Kiosk, host: HostRecord, values: Mapping[str, object]) -> HostView:
    return HostView(
        id=host.id,
        name=values.get("member.name", ""),
        email=values.get("member.email", ""),
        phone=values.get("member.phone"),
        company=values.get("member.company"),
        unit=values.get("member.unit"),
        language=values.get(LANGUAGE_FIELD, kiosk.settings.language),
        active=host.active,
    )


def list_hosts(kiosk: Kiosk, *, include_inactive: bool = False) -> list[HostView]:
    with kiosk.unit_of_work() as uow:
        hosts = uow.hosts.all(kiosk.site.id, active_only=not include_inactive)
        subjects = uow.subjects.get_many(host.subject_id for host in hosts)
        held = kiosk.gateway.by_field_many(uow, subjects)  # one read for a directory of 500
    views = [_view(kiosk, host, held.get(host.subject_id, {})) for host in hosts]
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


@dataclass(frozen=True)
class ActingStaff:
    """A staff member acting from the portal: their own directory entry and role. The command
    line acts as the site's operator, without one."""

    host_id: int
    role: str


def _admins(uow: UnitOfWork, kiosk: Kiosk) -> list[int]:
    """The directory ids of the site's admins."""
    return [
        staff.host_id for staff in uow.portal.all_staff(kiosk.site.id) if staff.role == Role.ADMIN
    ]


def admin_ids(kiosk: Kiosk) -> set[int]:
    """:func:`_admins`, read on their own (no one's name or email is decrypted for it)."""
    with kiosk.unit_of_work() as uow:
        return set(_admins(uow, kiosk))


def guard_admin(uow: UnitOfWork, kiosk: Kiosk, host_id: int, acting: ActingStaff | None) -> None:
    """Refuses to take an admin's access away when it is not an admin's to take, or when it
    would leave the site without one: staff below admin never act on an admin; nobody takes
    away their own; the last admin stays."""
    account = uow.portal.staff_of_host(kiosk.site.id, host_id)
    if account is None or account.role != Role.ADMIN:
        return
    if acting is not None and acting.role != Role.ADMIN:
        raise Conflict("only an admin can change an admin's access", reason="admins_only")
    if acting is not None and acting.host_id == host_id:
        raise Conflict("you cannot take away your own access", reason="own_access")
    active = [admin for admin in _admins(uow, kiosk) if uow.hosts.get(admin).active]
    if len(active) <= 1:
        raise Conflict(
            "this is the site's last admin: make another admin first", reason="last_admin"
        )


def _change_entry(
    uow: UnitOfWork, kiosk: Kiosk, host: HostRecord, actor: str, what: str
) -> HostView:
    subject = uow.subjects.get(host.subject_id)
    event = AuditEvent(AuditAction.DIRECTORY_CHANGE, actor, subject.reference, detail=what)
    kiosk.audit.record(uow, kiosk.site.id, event)
    return host_view(uow, kiosk, uow.hosts.get(host.id))


def deactivate_host(
    kiosk: Kiosk, email: str, actor: str, acting: ActingStaff | None = None
) -> HostView:
    """Takes a host out of the directory: guests can no longer choose them (see
    :func:`guard_admin` for an admin's entry)."""
    with kiosk.unit_of_work() as uow:
        host = find_host(uow, kiosk, email)
        guard_admin(uow, kiosk, host.id, acting)
        uow.hosts.deactivate(host.id)
        subject = uow.subjects.get(host.subject_id)
        kiosk.gateway.start_retention(uow, subject, RetentionEvent.MEMBERSHIP_END, utc_now())
        view = _change_entry(uow, kiosk, host, actor, "deactivated")
        uow.commit()
    return view


def reactivate_host(kiosk: Kiosk, email: str, actor: str) -> HostView:
    """Brings a host taken out back into the directory; the clock their leaving started on
    their data stops."""
    with kiosk.unit_of_work() as uow:
        host = find_host(uow, kiosk, email)
        if host.active:
            raise Conflict(f"{email} is in the directory already", reason="host_active")
        uow.hosts.reactivate(host.id)
        subject = uow.subjects.get(host.subject_id)
        kiosk.gateway.stop_retention(uow, subject, RetentionEvent.MEMBERSHIP_END)
        view = _change_entry(uow, kiosk, host, actor, "reactivated")
        uow.commit()
    return view
