"""Creating the people the kiosk knows: hosts in the member directory and expected guests.

Every value goes through the capture gateway with the purpose that justifies it.
"""

from dataclasses import dataclass
from datetime import date

from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.privacy.registry import Subject
from kiosk.services.bootstrap import Kiosk
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.unit_of_work import UnitOfWork

MEMBER_DIRECTORY_PURPOSES = {
    "member.name": "member-service-provision",
    "member.email": "member-operational-notices",
    "member.language": "member-preferences",
}


@dataclass(frozen=True)
class NewHost:
    name: str
    email: str
    language: str


def _capture_all(
    kiosk: Kiosk,
    uow: UnitOfWork,
    subject: SubjectRecord,
    values: dict[str, tuple[object, str]],
    source: Source,
    actor: str,
    notice: Notice,
) -> None:
    for field, (value, purpose) in values.items():
        kiosk.gateway.capture(uow, Capture(subject, field, value, purpose, source, actor, notice))


def add_host(uow: UnitOfWork, kiosk: Kiosk, host: NewHost, actor: str, notice: Notice) -> int:
    """A member in the directory, entered by staff; returns the host id."""
    subject = uow.subjects.create(kiosk.site.id, Subject.MEMBER)
    values = {
        "member.name": host.name,
        "member.email": host.email,
        "member.language": host.language,
    }
    _capture_all(
        kiosk,
        uow,
        subject,
        {field: (value, MEMBER_DIRECTORY_PURPOSES[field]) for field, value in values.items()},
        Source.STAFF_ENTERED,
        actor,
        notice,
    )
    return uow.hosts.add(kiosk.site.id, subject.id)


def add_expected_guest(
    uow: UnitOfWork,
    kiosk: Kiosk,
    host_id: int,
    guest_name: str,
    day: date,
    visit_type: str,
    actor: str,
    notice: Notice,
) -> int:
    """A guest pre-registered by their host for ``day``; returns the invitation id."""
    subject = uow.subjects.create(kiosk.site.id, Subject.VISITOR)
    _capture_all(
        kiosk,
        uow,
        subject,
        {"visitor.name": (guest_name, "visitor-identification")},
        Source.HOST_PREREGISTERED,
        actor,
        notice,
    )
    return uow.invitations.add(kiosk.site.id, host_id, subject.id, day, visit_type)
