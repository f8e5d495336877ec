"""The staff PIN's lock state, one row per site, read and written under a row lock."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.store.models import StaffPinLock


@dataclass(frozen=True)
class PinLockRecord:
    wrong_tries: int = 0
    locks: int = 0
    locked_until: datetime | None = None


class StaffPinRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._locked: dict[int, StaffPinLock] = {}

    def for_update(self, site_id: int) -> PinLockRecord:
        """The site's lock state, locked until the transaction ends (PostgreSQL), so kiosks
        guessed at together count every try."""
        row = self._row(site_id)
        return PinLockRecord(row.wrong_tries, row.locks, row.locked_until)

    def save(self, site_id: int, state: PinLockRecord) -> None:
        row = self._row(site_id)
        row.wrong_tries, row.locks, row.locked_until = (
            state.wrong_tries,
            state.locks,
            state.locked_until,
        )

    def _row(self, site_id: int) -> StaffPinLock:
        if site_id in self._locked:
            return self._locked[site_id]
        locked = select(StaffPinLock).where(StaffPinLock.site_id == site_id).with_for_update()
        row = self._session.scalar(locked)
        if row is None:
            try:
                with self._session.begin_nested():
                    self._session.add(StaffPinLock(site_id=site_id, wrong_tries=0, locks=0))
            except IntegrityError:
                pass  # another kiosk made the row first: it is read (and waited for) below
            row = self._session.scalar(locked)
        self._locked[site_id] = row
        return row
