"""Appends to and verifies a site's audit log inside a unit of work."""

from collections.abc import Callable
from datetime import datetime

from kiosk.clock import utc_now
from kiosk.privacy.audit import GENESIS, AuditChain, AuditEvent
from kiosk.store.unit_of_work import UnitOfWork


class AuditTrail:
    def __init__(self, chain: AuditChain, clock: Callable[[], datetime] = utc_now) -> None:
        self._chain = chain
        self._clock = clock

    def start(self, uow: UnitOfWork, site_id: int) -> None:
        """Seals an empty log for a new site, so every later append locks an existing head."""
        if uow.audit.head(site_id) is None:
            uow.audit.start(site_id, self._chain.seal(0, GENESIS))

    def record(self, uow: UnitOfWork, site_id: int, event: AuditEvent) -> None:
        head = uow.audit.head_for_update(site_id)
        if head is None:
            self.start(uow, site_id)
            head = uow.audit.head_for_update(site_id)
        seq, prev_mac = head.seq + 1, head.mac
        row = self._chain.row(seq, self._clock(), event, prev_mac)
        uow.audit.append(site_id, row, self._chain.seal(row.seq, row.mac))

    def verify(self, uow: UnitOfWork, site_id: int) -> tuple[int, list[str]]:
        """How many entries there are, and the problems found (none when intact)."""
        entries = uow.audit.entries(site_id)
        return len(entries), self._chain.verify(entries, uow.audit.head(site_id))
