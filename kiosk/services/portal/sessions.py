"""Where a person is signed in to the portal: their own list of devices (a session kept on a
device for 30 days among them), each of which they can sign out; and an admin signing anyone
out everywhere (a lost phone, someone who left). Nothing about the device is kept but when it
signed in and was last used."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.errors import NotFound
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.directory.hosts import find_host
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import PortalUser, lifetimes


@dataclass(frozen=True)
class Device:
    session_id: int
    signed_in_at: datetime
    last_used_at: datetime
    kept: bool
    ends_at: datetime
    """When it ends unless used again (and at the latest)."""
    this_one: bool
    """The device asking."""


def my_devices(kiosk: Kiosk, user: PortalUser) -> list[Device]:
    with kiosk.unit_of_work() as uow:
        sessions = uow.portal.sessions_of(kiosk.site.id, user.host_id)
    devices = []
    for session in sessions:
        idle, longest = lifetimes(session)
        ends = min(session.last_seen_at + idle, session.created_at + longest)
        this_one = session.id == user.session_id
        devices.append(
            Device(
                session.id, session.created_at, session.last_seen_at, session.kept, ends, this_one
            )
        )
    return devices


def sign_out_device(kiosk: Kiosk, user: PortalUser, session_id: int) -> None:
    """Ends one of the person's own sessions; any other id is not found."""
    with kiosk.unit_of_work() as uow:
        if not uow.portal.end_host_session(user.host_id, session_id):
            raise NotFound("no such device", reason="no_page")
        uow.commit()


def sign_out_everywhere(kiosk: Kiosk, email: str, actor: str) -> None:
    """Ends every session of the host with ``email`` (and the links they were sent), as an
    admin does for a lost phone; audited."""
    with kiosk.unit_of_work() as uow:
        host = find_host(uow, kiosk, email)
        uow.portal.end_sessions_of(host.id)
        reference = uow.subjects.get(host.subject_id).reference
        kiosk.audit.record(
            uow, kiosk.site.id, AuditEvent(AuditAction.SESSIONS_ENDED, actor, reference)
        )
        uow.commit()
