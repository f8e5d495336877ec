"""Reception alerts: raised where the kiosk sends a guest to reception or a badge does not
print, listed for staff until they resolve them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk.store.models import ReceptionAlert


@dataclass(frozen=True)
class AlertRecord:
    id: int
    kiosk_id: str
    reason: str
    subject_id: int | None
    invitation_id: int | None
    visit_id: int | None
    created_at: datetime
    times: int


class AlertRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def raise_alert(
        self,
        site_id: int,
        kiosk_id: str,
        reason: str,
        now: datetime,
        *,
        subject_id: int | None = None,
        invitation_id: int | None = None,
        visit_id: int | None = None,
    ) -> int | None:
        """Adds the alert and returns its id, or counts it once more on the same one while that
        is open (and returns None): for the same reason about the same guest, or about nobody
        known, at the same kiosk."""
        same = select(ReceptionAlert.id).where(
            ReceptionAlert.site_id == site_id,
            ReceptionAlert.reason == reason,
            ReceptionAlert.subject_id == subject_id,
            ReceptionAlert.visit_id == visit_id,
            ReceptionAlert.resolved_at.is_(None),
        )
        if subject_id is None:
            same = same.where(ReceptionAlert.kiosk_id == kiosk_id)
        open_id = self._session.scalar(same.limit(1))
        if open_id is not None:
            self._session.execute(
                update(ReceptionAlert)
                .where(ReceptionAlert.id == open_id)
                .values(times=ReceptionAlert.times + 1)
            )
            return None
        alert = ReceptionAlert(
            site_id=site_id,
            kiosk_id=kiosk_id,
            reason=reason,
            subject_id=subject_id,
            invitation_id=invitation_id,
            visit_id=visit_id,
            created_at=now,
        )
        self._session.add(alert)
        self._session.flush()
        return alert.id

    def open(self, site_id: int) -> list[AlertRecord]:
        rows = self._session.scalars(
            select(ReceptionAlert)
            .where(ReceptionAlert.site_id == site_id, ReceptionAlert.resolved_at.is_(None))
            .order_by(ReceptionAlert.created_at, ReceptionAlert.id)
        )
        names = AlertRecord.__dataclass_fields__
        return [AlertRecord(**{name: getattr(row, name) for name in names}) for row in rows]

    def count_open(self, site_id: int) -> int:
        return self._session.scalar(
            select(func.count())
            .select_from(ReceptionAlert)
            .where(ReceptionAlert.site_id == site_id, ReceptionAlert.resolved_at.is_(None))
        )

    def get(self, site_id: int, alert_id: int, *, open_only: bool = True) -> AlertRecord | None:
        """The alert while it is open (or whatever its state)."""
        row = self._session.get(ReceptionAlert, alert_id)
        if row is None or row.site_id != site_id or (open_only and row.resolved_at is not None):
            return None
        return AlertRecord(
            **{name: getattr(row, name) for name in AlertRecord.__dataclass_fields__}
        )

    def resolve(self, site_id: int, alert_id: int, actor: str, now: datetime) -> None:
        self._session.execute(
            update(ReceptionAlert)
            .where(ReceptionAlert.site_id == site_id, ReceptionAlert.id == alert_id)
            .values(resolved_at=now, resolved_by=actor)
        )

    def resolve_for_visit(
        self, site_id: int, visit_id: int, reason: str, actor: str, now: datetime
    ) -> None:
        """Resolves the visit's open alerts of this reason (its badge printed after all)."""
        self._session.execute(
            update(ReceptionAlert)
            .where(
                ReceptionAlert.site_id == site_id,
                ReceptionAlert.visit_id == visit_id,
                ReceptionAlert.reason == reason,
                ReceptionAlert.resolved_at.is_(None),
            )
            .values(resolved_at=now, resolved_by=actor)
        )

    def resolve_reason(self, site_id: int, reason: str, actor: str, now: datetime) -> None:
        """Resolves the site's open alerts of this reason (the cause was dealt with)."""
        self._session.execute(
            update(ReceptionAlert)
            .where(
                ReceptionAlert.site_id == site_id,
                ReceptionAlert.reason == reason,
                ReceptionAlert.resolved_at.is_(None),
            )
            .values(resolved_at=now, resolved_by=actor)
        )
