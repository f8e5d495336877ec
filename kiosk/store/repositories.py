"""Reads and writes by table. They return plain records, never live rows, and never commit."""

import functools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    CompoundSelect,
    Integer,
    bindparam,
    delete,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session

from kiosk.store.base import among, columns_for
from kiosk.store.models import Host, Invitation, Site
from kiosk.store.portal_models import PortalSession


@dataclass(frozen=True)
class SiteRecord:
    id: int
    name: str
    timezone: str
    key_check: str | None = None
    lookup_forms: int = 1


def _site(row: Site) -> SiteRecord:
    return SiteRecord(row.id, row.name, row.timezone, row.key_check, row.lookup_forms)


class SiteRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def find(self, name: str) -> SiteRecord | None:
        site = self._session.scalar(select(Site).where(Site.name == name))
        return _site(site) if site else None

    def ensure(self, name: str, timezone: str, key_check: str) -> SiteRecord:
        """The site called ``name``, created on first use with ``key_check``; its time zone
        follows the settings. A site from before key checks gets this one."""
        site = self._session.scalar(select(Site).where(Site.name == name))
        if site is None:
            site = Site(name=name, timezone=timezone, key_check=key_check)
            self._session.add(site)
        site.timezone = timezone
        site.key_check = site.key_check or key_check
        self._session.flush()
        return _site(site)

    def mark_purged(self, site_id: int, at: datetime) -> None:
        self._session.get(Site, site_id).purged_at = at

    def purge_dates(self, site_id: int) -> tuple[datetime, datetime | None]:
        """When the site was set up, and when the purge last ran to its end (None: never)."""
        return self._session.execute(
            select(Site.created_at, Site.purged_at).where(Site.id == site_id)
        ).one()

    def set_lookup_forms(self, site_id: int, version: int) -> SiteRecord:
        site = self._session.get(Site, site_id)
        site.lookup_forms = version
        return _site(site)


@dataclass(frozen=True)
class HostRecord:
    id: int
    subject_id: int
    active: bool


def _host(row: Host) -> HostRecord:
    return HostRecord(row.id, row.subject_id, row.active)


class HostRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, site_id: int, subject_id: int) -> int:
        host = Host(site_id=site_id, subject_id=subject_id)
        self._session.add(host)
        self._session.flush()
        return host.id

    def get(self, host_id: int) -> HostRecord | None:
        row = self._session.get(Host, host_id)
        return _host(row) if row else None

    def get_many(self, host_ids: Iterable[int]) -> list[HostRecord]:
        rows = self._session.execute(
            select(*columns_for(Host, HostRecord)).where(among(Host.id, host_ids))
        )
        return [HostRecord(*row) for row in rows]

    def of_subjects(self, site_id: int, subject_ids: list[int]) -> list[HostRecord]:
        rows = self._session.scalars(
            select(Host).where(Host.site_id == site_id, Host.subject_id.in_(subject_ids))
        )
        return [_host(row) for row in rows]

    def all(self, site_id: int, *, active_only: bool) -> list[HostRecord]:
        query = select(Host).where(Host.site_id == site_id).order_by(Host.id)
        if active_only:
            query = query.where(Host.active.is_(True))
        return [_host(row) for row in self._session.scalars(query)]

    def deactivate(self, host_id: int) -> None:
        """Out of the directory, and signed out of the portal everywhere."""
        self._session.execute(update(Host).where(Host.id == host_id).values(active=False))
        self._session.execute(delete(PortalSession).where(PortalSession.host_id == host_id))

    def reactivate(self, host_id: int) -> None:
        self._session.execute(update(Host).where(Host.id == host_id).values(active=True))

    def count(self, site_id: int) -> int:
        return self._session.scalar(
            select(func.count()).select_from(Host).where(Host.site_id == site_id)
        )


@dataclass(frozen=True)
class HostWindow:
    """Which of a host's invitations: those that start and end within [from, before) (None:
    open), by start (or the latest first), at most ``limit``."""

    limit: int
    starts: tuple[datetime | None, datetime | None] = (None, None)
    ends: tuple[datetime | None, datetime | None] = (None, None)
    latest_first: bool = False


@dataclass(frozen=True)
class InvitationRecord:
    id: int
    host_id: int
    guest_subject_id: int
    starts_at: datetime
    ends_at: datetime
    visit_type: str
    status: str
    code_nonce: bytes
    page_nonce: bytes | None = None
    page_opened_at: datetime | None = None
    sequence: int = 0
    created_at: datetime | None = None


def _invitation(row: Invitation) -> InvitationRecord:
    return InvitationRecord(
        row.id,
        row.host_id,
        row.guest_subject_id,
        row.starts_at,
        row.ends_at,
        row.visit_type,
        row.status,
        row.code_nonce,
        row.page_nonce,
        row.page_opened_at,
        row.sequence,
        row.created_at,
    )


_BOUNDS = (
    ("starts_since", Invitation.starts_at, operator.ge),
    ("starts_before", Invitation.starts_at, operator.lt),
    ("ends_since", Invitation.ends_at, operator.ge),
    ("ends_before", Invitation.ends_at, operator.lt),
)
"""A :class:`HostWindow`'s bounds, in the order of its ``starts`` and ``ends``."""


def _bounds(window: HostWindow) -> tuple[datetime | None, ...]:
    return (*window.starts, *window.ends)


@functools.cache
def _of_host(shapes: tuple[tuple[tuple[bool, ...], bool], ...]) -> CompoundSelect:
    """The statement of :meth:`InvitationRepository.of_host` for windows of these shapes
    (which bounds are set; the latest first), built once: building it took as long as running
    it."""
    columns = columns_for(Invitation, InvitationRecord)
    parts = []
    for number, (bounds_set, latest_first) in enumerate(shapes):
        query = select(literal(number).label("part"), *columns).where(
            Invitation.site_id == bindparam("site"), Invitation.host_id == bindparam("host")
        )
        for is_set, (name, column, compare) in zip(bounds_set, _BOUNDS, strict=True):
            if is_set:
                query = query.where(compare(column, bindparam(f"{name}_{number}")))
        order = Invitation.starts_at.desc() if latest_first else Invitation.starts_at
        limit = bindparam(f"limit_{number}", type_=Integer)
        parts.append(select(query.order_by(order, Invitation.id).limit(limit).subquery()))
    return union_all(*parts)


class InvitationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        site_id: int,
        host_id: int,
        guest_subject_id: int,
        starts_at: datetime,
        ends_at: datetime,
        visit_type: str,
        code_nonce: bytes,
        code_digest: bytes,
    ) -> int:
        """A new pending invitation."""
        invitation = Invitation(
            site_id=site_id,
            host_id=host_id,
            guest_subject_id=guest_subject_id,
            starts_at=starts_at,
            ends_at=ends_at,
            visit_type=visit_type,
            code_nonce=code_nonce,
            code_digest=code_digest,
        )
        self._session.add(invitation)
        self._session.flush()
        return invitation.id

    def code_taken(self, site_id: int, digest: bytes) -> bool:
        query = select(Invitation.id).where(
            Invitation.site_id == site_id, Invitation.code_digest == digest
        )
        return self._session.scalar(query) is not None

    def by_code(self, site_id: int, digest: bytes) -> InvitationRecord | None:
        row = self._session.scalar(
            select(Invitation).where(
                Invitation.site_id == site_id, Invitation.code_digest == digest
            )
        )
        return _invitation(row) if row else None

    def get(self, site_id: int, invitation_id: int) -> InvitationRecord | None:
        row = self._session.get(Invitation, invitation_id)
        return _invitation(row) if row and row.site_id == site_id else None

    def set_window(self, invitation_id: int, starts_at: datetime, ends_at: datetime) -> None:
        """Moves the invitation; its calendar entry says it changed (its sequence goes up)."""
        self._session.execute(
            update(Invitation)
            .where(Invitation.id == invitation_id)
            .values(starts_at=starts_at, ends_at=ends_at, sequence=Invitation.sequence + 1)
        )

    def set_status(self, invitation_id: int, status: str) -> None:
        self._session.execute(
            update(Invitation)
            .where(Invitation.id == invitation_id)
            .values(status=status, sequence=Invitation.sequence + 1)
        )

    def set_page_nonce(self, invitation_id: int, nonce: bytes) -> None:
        self._session.execute(
            update(Invitation).where(Invitation.id == invitation_id).values(page_nonce=nonce)
        )

    def page_opened(self, invitation_id: int, now: datetime) -> None:
        """Notes the first time the guest opened their page (later views change nothing)."""
        self._session.execute(
            update(Invitation)
            .where(Invitation.id == invitation_id, Invitation.page_opened_at.is_(None))
            .values(page_opened_at=now)
        )

    def overlapping(self, site_id: int, start: datetime, end: datetime) -> list[InvitationRecord]:
        """Invitations whose window overlaps [start, end), earliest first."""
        rows = self._session.scalars(
            select(Invitation)
            .where(
                Invitation.site_id == site_id,
                Invitation.starts_at < end,
                Invitation.ends_at >= start,
            )
            .order_by(Invitation.starts_at, Invitation.id)
        )
        return [_invitation(row) for row in rows]

    def of_host(
        self, site_id: int, host_id: int, windows: Sequence[HostWindow]
    ) -> list[list[InvitationRecord]]:
        """The host's invitations in each of ``windows``, read in one statement (a page of a
        host's guests asks for several lists at once)."""
        params: dict[str, object] = {"site": site_id, "host": host_id}
        for number, window in enumerate(windows):
            params[f"limit_{number}"] = window.limit
            for (name, _, _), bound in zip(_BOUNDS, _bounds(window), strict=True):
                params[f"{name}_{number}"] = bound
        shapes = tuple(
            (tuple(bound is not None for bound in _bounds(window)), window.latest_first)
            for window in windows
        )
        found: list[list[InvitationRecord]] = [[] for _ in windows]
        for number, *row in self._session.execute(_of_host(shapes), params):
            found[number].append(InvitationRecord(*row))
        return found

    def of_guest(self, subject_id: int) -> list[InvitationRecord]:
        rows = self._session.scalars(
            select(Invitation)
            .where(Invitation.guest_subject_id == subject_id)
            .order_by(Invitation.id)
        )
        return [_invitation(row) for row in rows]
