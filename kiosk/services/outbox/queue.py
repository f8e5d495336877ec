"""Jobs put in the outbox by what causes them, in the caller's transaction."""

from datetime import datetime

from kiosk.services.kiosk import Kiosk
from kiosk.store.outbox_repository import Channel, Template
from kiosk.store.unit_of_work import UnitOfWork


def queue_badge(
    uow: UnitOfWork, kiosk: Kiosk, visit_id: int, now: datetime, at: str | None = None
) -> None:
    """Queues the visit's badge (once more) for the printer of kiosk ``at``, by default this
    one: a badge prints where its guest stands, never at a printer the guest cannot see."""
    copies = uow.outbox.count_for(kiosk.site.id, Template.BADGE, visit_id)
    key = f"badge:{visit_id}:{copies + 1}"
    printer = at or kiosk.settings.kiosk_id
    uow.outbox.enqueue(kiosk.site.id, Channel.PRINT, Template.BADGE, visit_id, key, now, printer)
