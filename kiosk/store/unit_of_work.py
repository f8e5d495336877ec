"""One transaction per user event, with the repositories that work inside it.

Repositories add and read; only :meth:`UnitOfWork.commit` commits. Leaving the ``with`` block
without committing rolls everything back.
"""

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import WriteConflict
from kiosk.store.alert_repository import AlertRepository
from kiosk.store.deny_repository import DenyRepository
from kiosk.store.outbox_repository import OutboxRepository
from kiosk.store.privacy_repositories import (
    AuditRepository,
    ConsentRepository,
    PersonalValueRepository,
    SubjectRepository,
)
from kiosk.store.repositories import HostRepository, InvitationRepository, SiteRepository
from kiosk.store.retention_repository import RetentionRepository
from kiosk.store.staff_pin_repository import StaffPinRepository
from kiosk.store.visit_repository import VisitRepository


class UnitOfWork:
    def __init__(self, session_factory: Callable[[], Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.sites = SiteRepository(self.session)
        self.hosts = HostRepository(self.session)
        self.invitations = InvitationRepository(self.session)
        created_subjects: set[int] = set()
        self.subjects = SubjectRepository(self.session, created_subjects)
        self.personal_values = PersonalValueRepository(self.session, created_subjects)
        self.consents = ConsentRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.visits = VisitRepository(self.session)
        self.deny_list = DenyRepository(self.session)
        self.retention = RetentionRepository(self.session)
        self.alerts = AlertRepository(self.session)
        self.staff_pins = StaffPinRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.audit.write_heads()
        try:
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise WriteConflict(f"another kiosk wrote the same row ({error.orig})") from None


def unit_of_work_factory(engine: Engine) -> Callable[[], UnitOfWork]:
    sessions = sessionmaker(engine, expire_on_commit=False)
    return lambda: UnitOfWork(sessions)
