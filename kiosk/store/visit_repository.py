"""Visits: who is in the building, since when, with which badge."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.errors import WriteConflict
from kiosk.store.base import among, columns_for
from kiosk.store.models import BadgeCounter, Visit


@dataclass(frozen=True)
class VisitRecord:
    id: int
    guest_subject_id: int
    host_id: int
    invitation_id: int | None
    visit_type: str
    kiosk_id: str
    badge_day: date
    badge_number: int
    checked_in_at: datetime
    checked_out_at: datetime | None


def _visit(row: Visit) -> VisitRecord:
    return VisitRecord(**{name: getattr(row, name) for name in VisitRecord.__dataclass_fields__})


class VisitRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        site_id: int,
        guest_subject_id: int,
        host_id: int,
        invitation_id: int | None,
        visit_type: str,
        kiosk_id: str,
        badge_day: date,
        at: datetime,
        walk_in_key: str | None = None,
    ) -> VisitRecord:
        """A new visit with the next badge number of the day: unique per site and day, and
        never given again that day, even once its visit is erased."""
        number = self._next_badge_number(site_id, badge_day)
        row = Visit(
            site_id=site_id,
            guest_subject_id=guest_subject_id,
            host_id=host_id,
            invitation_id=invitation_id,
            visit_type=visit_type,
            kiosk_id=kiosk_id,
            badge_day=badge_day,
            badge_number=number,
            checked_in_at=at,
            walk_in_key=walk_in_key,
        )
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError:
            raise WriteConflict("this invitation or badge number was just taken") from None
        return _visit(row)

    def _next_badge_number(self, site_id: int, day: date) -> int:
        """Counts on in one statement; the day's first badge makes the day's counter."""
        counted = self._session.scalar(
            update(BadgeCounter)
            .where(BadgeCounter.site_id == site_id, BadgeCounter.day == day)
            .values(last=BadgeCounter.last + 1)
            .returning(BadgeCounter.last),
            execution_options={"synchronize_session": False},
        )
        if counted is not None:
            return counted
        self._session.add(BadgeCounter(site_id=site_id, day=day, last=1))
        return 1

    def get(self, site_id: int, visit_id: int) -> VisitRecord | None:
        row = self._session.get(Visit, visit_id)
        return _visit(row) if row and row.site_id == site_id else None

    def of_walk_in(self, walk_in_key: str) -> VisitRecord | None:
        row = self._session.scalar(select(Visit).where(Visit.walk_in_key == walk_in_key))
        return _visit(row) if row else None

    def of_invitation(self, invitation_id: int, day: date) -> VisitRecord | None:
        """The visit an invitation was used for on ``day`` (a multi-day one has one a day)."""
        row = self._session.scalar(
            select(Visit).where(Visit.invitation_id == invitation_id, Visit.badge_day == day)
        )
        return _visit(row) if row else None

    def of_invitations_on(self, invitation_ids: list[int], day: date) -> dict[int, VisitRecord]:
        """:meth:`of_invitation` for several invitations, in one query: by invitation id."""
        rows = self._session.scalars(
            select(Visit).where(among(Visit.invitation_id, invitation_ids), Visit.badge_day == day)
        )
        return {row.invitation_id: _visit(row) for row in rows}

    def latest_of_invitations(self, invitation_ids: list[int]) -> dict[int, VisitRecord]:
        """Each invitation's latest visit, for those used at least once."""
        rows = self._session.execute(
            select(*columns_for(Visit, VisitRecord))
            .where(among(Visit.invitation_id, invitation_ids))
            .order_by(Visit.checked_in_at)
        )
        return {visit.invitation_id: visit for visit in (VisitRecord(*row) for row in rows)}

    def by_badge(self, site_id: int, badge_day: date, badge_number: int) -> VisitRecord | None:
        row = self._session.scalar(
            select(Visit).where(
                Visit.site_id == site_id,
                Visit.badge_day == badge_day,
                Visit.badge_number == badge_number,
            )
        )
        return _visit(row) if row else None

    def on_site(self, site_id: int) -> list[VisitRecord]:
        """Open visits, earliest first (read as plain rows: a busy lobby has hundreds)."""
        columns = columns_for(Visit, VisitRecord)
        rows = self._session.execute(
            select(*columns)
            .where(Visit.site_id == site_id, Visit.checked_out_at.is_(None))
            .order_by(Visit.checked_in_at)
        )
        return [VisitRecord(*row) for row in rows]

    def kiosks_since(self, site_id: int, since: datetime) -> list[str]:
        """The kiosks that checked a guest in since ``since``, by name."""
        rows = self._session.scalars(
            select(Visit.kiosk_id)
            .where(Visit.site_id == site_id, Visit.checked_in_at >= since)
            .distinct()
            .order_by(Visit.kiosk_id)
        )
        return list(rows)

    def close(self, visit_id: int, at: datetime) -> None:
        self._session.execute(
            update(Visit)
            .where(Visit.id == visit_id, Visit.checked_out_at.is_(None))
            .values(checked_out_at=at)
        )

    def of_guest(self, subject_id: int) -> list[VisitRecord]:
        rows = self._session.scalars(
            select(Visit).where(Visit.guest_subject_id == subject_id).order_by(Visit.id)
        )
        return [_visit(row) for row in rows]
