"""Staff accounts: members of the community team who work from the portal, each under their
own name. A staff member is a directory entry (their name and email go through the gateway like
any member's) with a role and an argon2 password hash; they sign in with the password or with
an emailed link, like hosts. What they do is audited as ``staff:<their host id>``."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.errors import Conflict, KioskError, NotFound
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.directory.hosts import (
    ActingStaff,
    NewHost,
    add_host,
    find_host,
    guard_admin,
    host_view,
)
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.passwords import new_password
from kiosk.services.roles import Role
from kiosk.store.unit_of_work import UnitOfWork

ROLES = tuple(role.value for role in Role)
"""Reception works the desk; an admin also gives the team their accounts (see
:mod:`kiosk.services.roles`)."""


class StaffError(KioskError):
    """A staff account cannot be made or changed as asked."""


@dataclass(frozen=True)
class StaffView:
    host_id: int
    name: str
    email: str
    role: str
    since: datetime


@dataclass(frozen=True)
class NewPassword:
    """Shown once to whoever made it, never stored."""

    email: str
    password: str


def _record(uow: UnitOfWork, kiosk: Kiosk, actor: str, host_id: int, what: str) -> None:
    subject = uow.subjects.get(uow.hosts.get(host_id).subject_id)
    event = AuditEvent(AuditAction.STAFF_CHANGE, actor, subject.reference, detail=what)
    kiosk.audit.record(uow, kiosk.site.id, event)


def add_staff(kiosk: Kiosk, name: str, email: str, role: str, actor: str) -> NewPassword:
    """A staff account for the member with ``email`` (added to the directory if they are not
    in it yet); their first password."""
    if role not in ROLES:
        raise StaffError(
            f"the role must be one of {', '.join(ROLES)}, not {role!r}", reason="unknown_role"
        )
    password, hashed = new_password()
    with kiosk.unit_of_work() as uow:
        try:
            host = find_host(uow, kiosk, email)
            host_id = host.id
        except NotFound:
            values = {"member.name": name, "member.email": email}
            host_id = add_host(uow, kiosk, NewHost(values), actor)
        if uow.portal.staff_of_host(kiosk.site.id, host_id) is not None:
            raise Conflict(
                f"{email} already has a staff account", reason="staff_exists", email=email
            )
        uow.portal.add_staff(kiosk.site.id, host_id, role, hashed)
        _record(uow, kiosk, actor, host_id, f"staff_added:{role}")
        uow.commit()
    return NewPassword(email, password)


def _account(uow: UnitOfWork, kiosk: Kiosk, email: str):
    account = uow.portal.staff_of_host(kiosk.site.id, find_host(uow, kiosk, email).id)
    if account is None:
        raise NotFound(f"{email} has no staff account", reason="no_staff_account", email=email)
    return account


def reset_password(kiosk: Kiosk, email: str, actor: str) -> NewPassword:
    """A new password for the account; its sessions, and the sign-in links it was sent, end (a
    lost password or mailbox signs no one in)."""
    password, hashed = new_password()
    with kiosk.unit_of_work() as uow:
        account = _account(uow, kiosk, email)
        uow.portal.set_password(account.id, hashed)
        uow.portal.end_sessions_of(account.host_id)
        _record(uow, kiosk, actor, account.host_id, "staff_password_reset")
        uow.commit()
    return NewPassword(email, password)


def remove_staff(kiosk: Kiosk, email: str, actor: str, acting: ActingStaff | None = None) -> None:
    """Ends the account and its sessions; the member stays in the directory (see
    :func:`guard_admin` for an admin's account)."""
    with kiosk.unit_of_work() as uow:
        account = _account(uow, kiosk, email)
        guard_admin(uow, kiosk, account.host_id, acting)
        uow.portal.remove_staff(account.id)
        uow.portal.end_sessions_of(account.host_id)
        _record(uow, kiosk, actor, account.host_id, "staff_removed")
        uow.commit()


def list_staff(kiosk: Kiosk) -> list[StaffView]:
    with kiosk.unit_of_work() as uow:
        views = []
        for account in uow.portal.all_staff(kiosk.site.id):
            host = host_view(uow, kiosk, uow.hosts.get(account.host_id))
            views.append(
                StaffView(host.id, host.name, host.email, account.role, account.created_at)
            )
    return sorted(views, key=lambda view: view.name.casefold())
