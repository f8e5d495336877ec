"""Every portal page that shows people's data is recorded: who looked, at what, and whose data
(by pseudonymous reference where it is one person's). A view is queued in the page's own
transaction, without the audit chain's lock that would make every page wait for the others,
and folded into the chain by :func:`kiosk.services.records.audit_queue.fold_audit_queue`
(the portal's background loop, any kiosk's, and whatever reads the log first)."""

from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.kiosk import Kiosk
from kiosk.store.unit_of_work import UnitOfWork


def record_view(
    uow: UnitOfWork, kiosk: Kiosk, actor: str, what: str, subject_ref: str | None = None
) -> None:
    """In the caller's unit of work; ``what`` is a code and a count (``on_site:12``)."""
    event = AuditEvent(AuditAction.PORTAL_VIEW, actor, subject_ref, detail=what)
    kiosk.audit.queue(uow, kiosk.site.id, event)


def viewed(kiosk: Kiosk, actor: str, what: str) -> None:
    """A list page in a transaction of its own."""
    with kiosk.unit_of_work() as uow:
        record_view(uow, kiosk, actor, what)
        uow.commit()
