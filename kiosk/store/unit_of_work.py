"""One transaction per user event, with the repositories that work inside it.

Repositories add and read; only :meth:`UnitOfWork.commit` commits. Leaving the ``with`` block
without committing rolls everything back.
"""

from collections.abc import Callable, Hashable
from types import TracebackType
from typing import Self

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import WriteConflict
from kiosk.store.alert_repository import AlertRepository
from kiosk.store.deny_repository import DenyRepository
from kiosk.store.engine import checkpoint_log, reclaim_space, unavailable
from kiosk.store.outbox_repository import OutboxRepository
from kiosk.store.portal_repository import PortalRepository
from kiosk.store.privacy_repositories import (
    AuditRepository,
    ConsentRepository,
    PersonalValueRepository,
    SubjectRepository,
)
from kiosk.store.repositories import HostRepository, InvitationRepository, SiteRepository
from kiosk.store.retention_repository import RetentionRepository
from kiosk.store.rights_repository import RightsRepository
from kiosk.store.staff_pin_repository import StaffPinRepository
from kiosk.store.visit_repository import VisitRepository


class UnitOfWork:
    def __init__(self, session_factory: Callable[[], Session], engine: Engine) -> None:
        self._session_factory = session_factory
        self._engine = engine

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self._after_commit: dict[Hashable, Callable[[], None]] = {}
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
        self.portal = PortalRepository(self.session)
        self.rights = RightsRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Rolls back what was not committed. A lost connection (a database restarting, a
        network cut) leaves as :class:`~kiosk.errors.DatabaseUnavailable`, which the kiosk
        shows as "one moment" and retries."""
        try:
            self.session.rollback()
            self.session.close()
        except (OperationalError, InterfaceError) as lost:
            exc = exc or lost
        if isinstance(exc, OperationalError | InterfaceError):
            raise unavailable(self._engine, exc) from None

    def ping(self) -> None:
        """One round trip to the database: raises DatabaseUnavailable (on leaving the block)
        while it cannot be reached."""
        self.session.execute(select(1))

    def lock_site(self, site_id: int) -> None:
        """Makes this transaction the site's only writer until it ends (on PostgreSQL; SQLite
        has one writer anyway). Check-ins take it first, so that one kiosk at a time reads and
        uses the day's next badge number. The lock is the audit log's head, which every writer
        takes to append: one lock, always taken first, so kiosks cannot deadlock on it."""
        self.audit.head_for_update(site_id)

    def reclaim_space(self) -> None:
        """After values were erased or purged: SQLite copies its write-ahead log into the
        database file and empties it (secure_delete has zeroed the freed pages), PostgreSQL
        vacuums the tables that held them, so no copy of them stays on disk."""
        reclaim_space(self._engine)

    def checkpoint_log(self) -> None:
        """See :func:`kiosk.store.engine.checkpoint_log`."""
        checkpoint_log(self._engine)

    def after_commit(self, key: Hashable, action: Callable[[], None]) -> None:
        """Runs ``action`` once the transaction has committed (not if it rolls back); a later
        action under the same ``key`` replaces an earlier one."""
        self._after_commit[key] = action

    def commit(self) -> None:
        self.audit.write_heads()
        try:
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise WriteConflict(f"another kiosk wrote the same row ({error.orig})") from None
        actions, self._after_commit = list(self._after_commit.values()), {}
        for action in actions:
            action()


def unit_of_work_factory(engine: Engine) -> Callable[[], UnitOfWork]:
    sessions = sessionmaker(engine, expire_on_commit=False)
    return lambda: UnitOfWork(sessions, engine)
