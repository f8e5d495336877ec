"""Jobs put in the outbox by what causes them, in the caller's transaction: a badge, the news
of an arrival on the channel its host chose, and a reception alert on every channel reception
listens to."""

import hashlib
from datetime import datetime

from kiosk.services.kiosk import Kiosk
from kiosk.store.outbox_repository import RECEPTION, Channel, Recipient, Template
from kiosk.store.unit_of_work import UnitOfWork
from kiosk.store.visit_repository import VisitRecord

NOTIFY_VIA = "member.notify_via"


def queue_badge(
    uow: UnitOfWork,
    kiosk: Kiosk,
    visit_id: int,
    now: datetime,
    at: str | None = None,
    *,
    new_visit: bool = False,
) -> None:
    """Queues the visit's badge (once more; a ``new_visit``'s first) for the printer of kiosk
    ``at``, by default this one: a badge prints where its guest stands, never at a printer the
    guest cannot see."""
    copies = 0 if new_visit else uow.outbox.count_for(kiosk.site.id, Template.BADGE, visit_id)
    key = f"badge:{visit_id}:{copies + 1}"
    printer = at or kiosk.settings.kiosk_id
    uow.outbox.enqueue(kiosk.site.id, Channel.PRINT, Template.BADGE, visit_id, key, now, printer)


def queue_arrival(uow: UnitOfWork, kiosk: Kiosk, visit: VisitRecord, now: datetime) -> None:
    """Tells the visit's host their guest is here: by email, unless they chose their phone or
    an address of their own."""
    host = uow.hosts.get(visit.host_id)
    held = kiosk.gateway.shown_of(uow, [host.subject_id], (NOTIFY_VIA,)).get(host.subject_id, {})
    site = kiosk.site.id
    if held.get(NOTIFY_VIA, "email") == "email":
        key = f"arrival:{visit.id}"
        uow.outbox.enqueue(site, Channel.EMAIL, Template.ARRIVAL, visit.id, key, now)
        return
    key = f"arrival:{visit.id}:message"
    uow.outbox.enqueue(
        site, Channel.MESSAGE, Template.ARRIVAL, visit.id, key, now, recipient=Recipient.HOST
    )


def reception_recipient(url: str) -> str:
    """Which of reception's channels a job is for, by a hash of its address (never the
    address, which holds the channel's secret)."""
    return RECEPTION + hashlib.sha256(url.encode()).hexdigest()[:16]


def alert_reception(
    uow: UnitOfWork,
    kiosk: Kiosk,
    reason: str,
    now: datetime,
    *,
    subject_id: int | None = None,
    invitation_id: int | None = None,
    visit_id: int | None = None,
) -> None:
    """Raises a reception alert, and sends it to every channel reception listens to as it
    happens; the same alert raised again while it is open is folded into it, unsent."""
    alert_id = uow.alerts.raise_alert(
        kiosk.site.id,
        kiosk.settings.kiosk_id,
        reason,
        now,
        subject_id=subject_id,
        invitation_id=invitation_id,
        visit_id=visit_id,
    )
    if alert_id is None:
        return
    for url in kiosk.settings.notify_reception:
        recipient = reception_recipient(url)
        key = f"alert:{alert_id}:{recipient}"
        uow.outbox.enqueue(
            kiosk.site.id, Channel.MESSAGE, Template.ALERT, alert_id, key, now, recipient=recipient
        )
