"""Reads and writes by table. They return plain records, never live rows, and never commit."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.store.models import Host, Invitation, Site


@dataclass(frozen=True)
class SiteRecord:
    id: int
    name: str
    timezone: str


class SiteRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def ensure(self, name: str, timezone: str) -> SiteRecord:
        """The site called ``name``, created on first use; its time zone follows the settings."""
        site = self._session.scalar(select(Site).where(Site.name == name))
        if site is None:
            site = Site(name=name, timezone=timezone)
            self._session.add(site)
        site.timezone = timezone
        self._session.flush()
        return SiteRecord(site.id, site.name, site.timezone)


class HostRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, site_id: int, subject_id: int) -> int:
        host = Host(site_id=site_id, subject_id=subject_id)
        self._session.add(host)
        self._session.flush()
        return host.id

    def count(self, site_id: int) -> int:
        return self._session.scalar(
            select(func.count()).select_from(Host).where(Host.site_id == site_id)
        )


class InvitationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self, site_id: int, host_id: int, guest_subject_id: int, expected_on: date, visit_type: str
    ) -> int:
        invitation = Invitation(
            site_id=site_id,
            host_id=host_id,
            guest_subject_id=guest_subject_id,
            expected_on=expected_on,
            visit_type=visit_type,
        )
        self._session.add(invitation)
        self._session.flush()
        return invitation.id

    def count_expected(self, site_id: int, day: date) -> int:
        return self._session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(Invitation.site_id == site_id, Invitation.expected_on == day)
        )
