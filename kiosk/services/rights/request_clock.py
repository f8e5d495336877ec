"""The clock of the requests guests made themselves: reception told with a day left, the list
of those open (or overdue), and a report of how fast they were answered."""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import utc_now
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.queue import alert_reception
from kiosk.store.rights_repository import RequestRecord

ALERT_BEFORE = timedelta(hours=24)
"""Reception is told when this little time is left to answer."""


def alert_due_requests(kiosk: Kiosk, now: datetime | None = None) -> int:
    """Tells reception of every open request with 24 hours or less left to answer, once each;
    how many it told of."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        due = [
            request.id
            for request in uow.rights.requests(kiosk.site.id, open_only=True)
            if request.alerted_at is None and request.due_at - now <= ALERT_BEFORE
        ]
        if due:
            alert_reception(uow, kiosk, AlertReason.REQUEST_DUE, now)
            uow.rights.mark_alerted(due, now)
        uow.commit()
    return len(due)


def open_requests(
    kiosk: Kiosk, *, overdue: bool = False, now: datetime | None = None
) -> list[RequestRecord]:
    """The requests not answered yet, the oldest first; only those past due with ``overdue``."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        found = uow.rights.requests(kiosk.site.id, open_only=True)
    return [request for request in found if not overdue or request.due_at < now]


@dataclass(frozen=True)
class RequestReport:
    by_kind: dict[str, int]
    by_outcome: dict[str, int]
    """``done``, ``refused``, and ``open`` for those not answered yet."""
    median_answer: timedelta | None
    worst_answer: timedelta | None
    answered_late: int
    overdue: int
    """Open and past due now."""


def request_report(kiosk: Kiosk, now: datetime | None = None) -> RequestReport:
    """How many requests of each kind, how they ended, and how fast they were answered."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        found = uow.rights.requests(kiosk.site.id)
    answered = [r.answered_at - r.proved_at for r in found if r.answered_at is not None]
    return RequestReport(
        by_kind=dict(Counter(r.kind for r in found)),
        by_outcome=dict(Counter(r.outcome or "open" for r in found)),
        median_answer=statistics.median(answered) if answered else None,
        worst_answer=max(answered, default=None),
        answered_late=sum(1 for r in found if r.answered_at and r.answered_at > r.due_at),
        overdue=sum(1 for r in found if r.answered_at is None and r.due_at < now),
    )
