"""Sign-in links, sessions and the counts (tries, refusals, resends) of the web portal."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.store.base import columns_for
from kiosk.store.models import Host
from kiosk.store.portal_models import PortalLink, PortalSession, PortalTry, StaffAccount
from kiosk.store.privacy_models import DataSubject
from kiosk.store.privacy_repositories import SubjectRecord


@dataclass(frozen=True)
class SessionRecord:
    id: int
    host_id: int
    created_at: datetime
    last_seen_at: datetime
    kept: bool = False
    renewed_at: datetime | None = None
    """When its secret was last renewed (a kept session's is, daily); None: never."""


@dataclass(frozen=True)
class SignedInSession:
    session: SessionRecord
    host: SubjectRecord
    """The host as a data subject (their name and language are values of theirs)."""
    role: str | None
    """Their staff role, if they have one."""


def _session_record(row: PortalSession) -> SessionRecord:
    names = SessionRecord.__dataclass_fields__
    return SessionRecord(**{name: getattr(row, name) for name in names})


@dataclass(frozen=True)
class StaffRecord:
    id: int
    host_id: int
    role: str
    password_hash: str | None
    created_at: datetime


@dataclass(frozen=True, order=True)
class ClosedCount:
    """A count whose window has closed, taken out to be recorded."""

    window_start: datetime
    key_digest: bytes
    kind: str
    count: int


def _staff(row: StaffAccount) -> StaffRecord:
    return StaffRecord(row.id, row.host_id, row.role, row.password_hash, row.created_at)


class PortalRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_link(self, site_id: int, host_id: int, digest: bytes, expires_at: datetime) -> None:
        self._session.add(
            PortalLink(site_id=site_id, host_id=host_id, digest=digest, expires_at=expires_at)
        )
        self._session.flush()

    def use_link(self, site_id: int, digest: bytes, now: datetime) -> int | None:
        """Marks the unused, unexpired link of this digest used and returns its host's id; None
        when there is no such link. Two tabs using one link at once: only one gets the host."""
        used = self._session.execute(
            update(PortalLink)
            .where(
                PortalLink.site_id == site_id,
                PortalLink.digest == digest,
                PortalLink.used_at.is_(None),
                PortalLink.expires_at > now,
            )
            .values(used_at=now)
            .returning(PortalLink.host_id)
        )
        return used.scalar_one_or_none()

    def forget_links(self, before: datetime) -> None:
        """Links that expired before ``before`` (used or not): nothing to keep them for."""
        self._session.execute(delete(PortalLink).where(PortalLink.expires_at < before))

    def add_session(
        self, site_id: int, host_id: int, digest: bytes, now: datetime, kept: bool = False
    ) -> None:
        self._session.add(
            PortalSession(
                site_id=site_id,
                host_id=host_id,
                digest=digest,
                created_at=now,
                last_seen_at=now,
                kept=kept,
            )
        )
        self._session.flush()

    def active_session(self, site_id: int, digest: bytes) -> SignedInSession | None:
        """The session of this digest while its host is still an active host, with the host
        as a data subject and their staff role: one query, asked by every page."""
        session_columns = columns_for(PortalSession, SessionRecord)
        subject_columns = columns_for(DataSubject, SubjectRecord)
        row = self._session.execute(
            select(*session_columns, *subject_columns, StaffAccount.role)
            .join(Host, Host.id == PortalSession.host_id)
            .join(DataSubject, DataSubject.id == Host.subject_id)
            .outerjoin(
                StaffAccount,
                (StaffAccount.host_id == Host.id) & (StaffAccount.site_id == site_id),
            )
            .where(
                PortalSession.site_id == site_id,
                PortalSession.digest == digest,
                Host.active.is_(True),
            )
        ).first()
        if row is None:
            return None
        split = len(session_columns)
        return SignedInSession(
            SessionRecord(*row[:split]),
            SubjectRecord(*row[split : split + len(subject_columns)]),
            row[-1],
        )

    def sessions_of(self, site_id: int, host_id: int) -> list[SessionRecord]:
        """The host's sessions, the latest used first."""
        rows = self._session.scalars(
            select(PortalSession)
            .where(PortalSession.site_id == site_id, PortalSession.host_id == host_id)
            .order_by(PortalSession.last_seen_at.desc(), PortalSession.id.desc())
        )
        return [_session_record(row) for row in rows]

    def renew_session(self, session_id: int, digest: bytes, now: datetime) -> None:
        """A new secret for the session: the one before no longer opens it."""
        self._session.execute(
            update(PortalSession)
            .where(PortalSession.id == session_id)
            .values(digest=digest, renewed_at=now, last_seen_at=now)
        )

    def end_host_session(self, host_id: int, session_id: int) -> int:
        """Ends one of the host's sessions; how many ended (none: not theirs)."""
        return self._session.execute(
            delete(PortalSession).where(
                PortalSession.id == session_id, PortalSession.host_id == host_id
            )
        ).rowcount

    def touch_session(self, session_id: int, now: datetime) -> None:
        self._session.execute(
            update(PortalSession).where(PortalSession.id == session_id).values(last_seen_at=now)
        )

    def end_session(self, session_id: int) -> None:
        self._session.execute(delete(PortalSession).where(PortalSession.id == session_id))

    def count_try(
        self, site_id: int, key_digest: bytes, now: datetime, window: timedelta, kind: str = "try"
    ) -> int:
        """Counts one more under ``key_digest``: the count in the current window, this one
        included (a window older than ``window`` starts again at ``now``). The row stays locked
        until the transaction ends (PostgreSQL), so workers counting at once count every one."""
        locked = (
            select(PortalTry)
            .where(PortalTry.site_id == site_id, PortalTry.key_digest == key_digest)
            .with_for_update()
        )
        row = self._session.scalar(locked)
        if row is None:
            try:
                with self._session.begin_nested():
                    self._session.add(
                        PortalTry(
                            site_id=site_id,
                            key_digest=key_digest,
                            kind=kind,
                            window_start=now,
                            tries=0,
                        )
                    )
            except IntegrityError:
                pass  # another worker made the row first: it is read (and waited for) below
            row = self._session.scalar(locked)
        if row.window_start <= now - window:
            row.window_start, row.tries = now, 0
        row.tries += 1
        return row.tries

    def forget_tries(self, kind: str, before: datetime) -> None:
        """Drops the counts of ``kind`` whose window started before ``before``."""
        self._session.execute(
            delete(PortalTry).where(PortalTry.kind == kind, PortalTry.window_start < before)
        )

    def take_closed(self, site_id: int, kinds: str, before: datetime) -> list[ClosedCount]:
        """Removes and returns the counts whose kind starts with ``kinds`` and whose window
        started before ``before``: each is taken by one worker only."""
        taken = self._session.execute(
            delete(PortalTry)
            .where(
                PortalTry.site_id == site_id,
                PortalTry.kind.startswith(kinds),
                PortalTry.window_start < before,
            )
            .returning(
                PortalTry.key_digest, PortalTry.kind, PortalTry.window_start, PortalTry.tries
            )
        )
        return sorted(
            ClosedCount(start, digest, kind, count) for digest, kind, start, count in taken
        )

    def add_staff(self, site_id: int, host_id: int, role: str, password_hash: str) -> int:
        account = StaffAccount(
            site_id=site_id, host_id=host_id, role=role, password_hash=password_hash
        )
        self._session.add(account)
        self._session.flush()
        return account.id

    def staff_of_host(self, site_id: int, host_id: int) -> StaffRecord | None:
        row = self._session.scalar(
            select(StaffAccount).where(
                StaffAccount.site_id == site_id, StaffAccount.host_id == host_id
            )
        )
        return _staff(row) if row else None

    def all_staff(self, site_id: int) -> list[StaffRecord]:
        rows = self._session.scalars(
            select(StaffAccount).where(StaffAccount.site_id == site_id).order_by(StaffAccount.id)
        )
        return [_staff(row) for row in rows]

    def set_password(self, staff_id: int, password_hash: str) -> None:
        self._session.execute(
            update(StaffAccount)
            .where(StaffAccount.id == staff_id)
            .values(password_hash=password_hash)
        )

    def remove_staff(self, staff_id: int) -> None:
        self._session.execute(delete(StaffAccount).where(StaffAccount.id == staff_id))

    def end_sessions_of(self, host_id: int) -> None:
        """Ends the host's sessions, and the sign-in links they were sent."""
        self._session.execute(delete(PortalSession).where(PortalSession.host_id == host_id))
        self._session.execute(delete(PortalLink).where(PortalLink.host_id == host_id))
