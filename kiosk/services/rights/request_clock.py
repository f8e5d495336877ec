"""The clock of the requests guests made themselves: reception told with a day left, the list
of those open (or overdue), and a report of how fast they were answered, also in the record of
processing."""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import utc_now
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.queue import alert_reception
from kiosk.services.records.policy import record_of_processing
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


def in_hours(span: timedelta | None) -> str:
    """A span in hours, one decimal (negative: late)."""
    return "-" if span is None else f"{span.total_seconds() / 3600:.1f} h"


def report_lines(report: RequestReport) -> list[tuple[str, str]]:
    """The report as (measure, value) lines, for a table or a document."""
    return [
        *((f"kind: {kind}", str(count)) for kind, count in sorted(report.by_kind.items())),
        *((f"outcome: {end}", str(count)) for end, count in sorted(report.by_outcome.items())),
        ("median time to answer", in_hours(report.median_answer)),
        ("worst time to answer", in_hours(report.worst_answer)),
        ("answered late", str(report.answered_late)),
        ("overdue now", str(report.overdue)),
    ]


def record_with_requests(kiosk: Kiosk, style: str, language: str) -> str:
    """The record of processing (``md`` or ``csv``); the Markdown ends with a summary of the
    requests guests made themselves (the CSV stays one row per purpose)."""
    record = record_of_processing(kiosk.settings, style, language)
    if style != "md":
        return record
    registry = kiosk.gateway.registry
    kept = registry.requests_record
    lines = ["", "## Data-subject requests made on /privacy", ""]
    if kept is None:
        lines += [f"Policy {registry.version} sets no retention for them: they are kept.", ""]
    else:
        basis = registry.text(registry.bases[kept.basis].label, language)
        lines += [
            f"{registry.text(kept.label, language)}: kept {kept.days} days after each answer, "
            f"by pseudonymous reference only (basis: {basis}).",
            "",
        ]
    lines += ["| measure | value |", "| --- | --- |"]
    lines += [f"| {m} | {v} |" for m, v in report_lines(request_report(kiosk))]
    return record + "\n".join(lines) + "\n"
