"""The deny list's rows; the names and reasons are personal values of each entry's subject."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.store.models import DenyEntry


@dataclass(frozen=True)
class DenyRecord:
    id: int
    subject_id: int
    until: datetime
    created_at: datetime


def _entry(row: DenyEntry) -> DenyRecord:
    return DenyRecord(row.id, row.subject_id, row.until, row.created_at)


class DenyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, site_id: int, subject_id: int, until: datetime) -> int:
        row = DenyEntry(site_id=site_id, subject_id=subject_id, until=until)
        self._session.add(row)
        self._session.flush()
        return row.id

    def active(
        self, site_id: int, now: datetime, subject_ids: list[int] | None = None
    ) -> list[DenyRecord]:
        """Entries in force at ``now`` (for these subjects, when given)."""
        query = select(DenyEntry).where(
            DenyEntry.site_id == site_id, DenyEntry.removed_at.is_(None), DenyEntry.until > now
        )
        if subject_ids is not None:
            query = query.where(DenyEntry.subject_id.in_(subject_ids))
        return [_entry(row) for row in self._session.scalars(query.order_by(DenyEntry.id))]

    def remove(self, site_id: int, entry_id: int, at: datetime) -> DenyRecord | None:
        row = self._session.get(DenyEntry, entry_id)
        if row is None or row.site_id != site_id or row.removed_at is not None:
            return None
        self._session.execute(
            update(DenyEntry).where(DenyEntry.id == entry_id).values(removed_at=at)
        )
        return _entry(row)
