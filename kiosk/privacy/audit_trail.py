"""Appends to and verifies a site's audit log inside a unit of work, and keeps the newest
entry committed in a checkpoint outside the database.

A log that lost its head where the site has a history (entries, people's data, or a
checkpoint) is damage: the kiosk goes on from the newest entry left and records the damage as
an entry of its own, which every verification reports. It never seals a fresh, empty log
over a site's history.
"""

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from kiosk.clock import utc_now
from kiosk.privacy.audit import GENESIS, AuditAction, AuditChain, AuditEvent
from kiosk.privacy.audit_checkpoint import AuditCheckpoint, Checkpoint, CheckpointAltered
from kiosk.store.privacy_repositories import AuditHeadRow, QueuedAudit
from kiosk.store.unit_of_work import UnitOfWork

log = logging.getLogger("kiosk.audit")
FOLD_BATCH = 500
"""Queued entries chained under one hold of the lock."""


class AuditTrail:
    def __init__(
        self,
        chain: AuditChain,
        checkpoint: AuditCheckpoint,
        actor: str,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._chain = chain
        self.checkpoint = checkpoint
        self._actor = actor
        self._clock = clock
        self._continued: tuple[int, str] | None = None
        """The newest entry this trail appended onto a head known to continue the checkpoint:
        a head equal to it needs no check (one kiosk appending on its own chain)."""

    def start(self, uow: UnitOfWork, site_id: int) -> None:
        """Seals an empty log for a new site, so every later append locks an existing head;
        a missing head where the site has a history is recorded as damage."""
        if uow.audit.head(site_id) is not None:
            return
        last = uow.audit.last_entry(site_id)
        seen = self._seen()
        if last is None and seen is None and not uow.subjects.any(site_id):
            uow.audit.start(site_id, self._chain.seal(0, GENESIS))
            return
        seq, mac = (last.seq, last.mac) if last else (0, GENESIS)
        uow.audit.restart(site_id, seq, mac, self._chain.seal(seq, mac))
        where = f"entry {seq}" if last else "an empty log"
        detail = f"the log's head was missing; it went on from {where}"
        if seen is not None and seen.seq > seq:
            detail += f", though this kiosk had seen entry {seen.seq} written"
        self.record(uow, site_id, AuditEvent(AuditAction.AUDIT_DAMAGE, self._actor, detail=detail))

    def record(
        self, uow: UnitOfWork, site_id: int, event: AuditEvent, at: datetime | None = None
    ) -> None:
        """Appends ``event`` (which happened ``at``, by default now) to the chain, holding
        the chain's lock until the transaction ends."""
        head = self._locked_head(uow, site_id)
        seq, prev_mac = head.seq + 1, head.mac
        row = self._chain.row(seq, at or self._clock(), event, prev_mac)
        uow.audit.append(site_id, row, self._chain.seal(row.seq, row.mac))
        if self._continues_checkpoint(uow, site_id, head):
            self._continued = (row.seq, row.mac)
            uow.after_commit(
                ("audit checkpoint", site_id), partial(self._advance, row.seq, row.mac)
            )

    def _locked_head(self, uow: UnitOfWork, site_id: int) -> AuditHeadRow:
        head = uow.audit.head_for_update(site_id)
        if head is None:
            self.start(uow, site_id)
            head = uow.audit.head_for_update(site_id)
        return head

    def queue(self, uow: UnitOfWork, site_id: int, event: AuditEvent) -> None:
        """Writes ``event`` where no lock is taken, with the time it happened: the caller's
        transaction keeps it (it is never lost), and :meth:`fold_queue` chains it."""
        at = self._clock()
        uow.audit.enqueue(site_id, QueuedAudit(at, str(event.action), *_columns(event)))

    def fold_queue(self, uow: UnitOfWork, site_id: int, limit: int = FOLD_BATCH) -> int:
        """Chains the oldest queued entries, in the order they were queued, each with the time
        it happened, under one hold of the chain's lock; how many. An empty queue takes no
        lock (and touches no log, damaged or not)."""
        if not uow.audit.any_queued(site_id):
            return 0
        self._locked_head(uow, site_id)
        queued = uow.audit.take_queued(site_id, limit)  # read again under the lock
        for entry in queued:
            event = AuditEvent(AuditAction(entry.action), *_columns(entry))
            self.record(uow, site_id, event, entry.at)
        return len(queued)

    def _continues_checkpoint(self, uow: UnitOfWork, site_id: int, head: AuditHeadRow) -> bool:
        """Whether the log, at ``head``, still holds the entry the checkpoint names: a log
        rolled back and written on past the checkpoint's number must not move it on (it would
        forget the entry it saw), so verification finds the fork."""
        if (head.seq, head.mac) == self._continued:
            return True
        seen = self._seen()
        if seen is None:
            return True
        if head.seq < seen.seq:
            held = None
        elif head.seq == seen.seq:
            held = head.mac
        else:
            held = uow.audit.mac_at(site_id, seen.seq)
        if held != seen.mac:
            log.warning(
                "the audit log no longer holds entry %s as this kiosk saw it written: "
                "the checkpoint stays there",
                seen.seq,
            )
            return False
        return True

    def _advance(self, seq: int, mac: str) -> None:
        try:
            self.checkpoint.advance(seq, mac)
        except (OSError, CheckpointAltered) as error:
            log.warning("the audit checkpoint could not be moved on: %s", error)

    def _seen(self) -> Checkpoint | None:
        try:
            return self.checkpoint.seen()
        except CheckpointAltered:
            return None

    def verify(self, uow: UnitOfWork, site_id: int) -> tuple[int, list[str]]:
        """How many entries there are, and the problems found (none when intact): the chain
        and its seal, damage the kiosk recorded, and a log that no longer reaches the entry
        this kiosk last saw written."""
        entries = uow.audit.entries(site_id)
        problems = self._chain.verify(entries, uow.audit.head(site_id))
        if not entries and uow.subjects.any(site_id):
            problems.append("the site holds people's data but its log has no entries")
        try:
            seen = self.checkpoint.seen()
        except CheckpointAltered as altered:
            return len(entries), [*problems, f"the audit checkpoint {altered}"]
        if seen is not None:
            last = entries[-1].seq if entries else 0
            at_seen = next((entry for entry in entries if entry.seq == seen.seq), None)
            if last < seen.seq:
                problems.append(
                    f"the log ends at entry {last}, but this kiosk saw entry {seen.seq} written: "
                    "it was rolled back or wiped"
                )
            elif at_seen is not None and at_seen.mac != seen.mac:
                problems.append(f"entry {seen.seq} is not the one this kiosk saw written")
        return len(entries), problems

    def anchoring_problems(self, uow: UnitOfWork, site_id: int) -> list[str]:
        """What keeps the log's newest entry from being vouched for, read without walking the
        chain: a head missing or not sealed with this key, a log that does not end at its
        head, and a log that no longer holds the entry this kiosk last saw written."""
        head = uow.audit.head(site_id)
        if head is None:
            return ["the log has no sealed head"]
        problems = []
        if head.seal != self._chain.seal(head.seq, head.mac):
            problems.append("the log's head is not sealed with this key")
        last = uow.audit.last_entry(site_id)
        ends_at = (last.seq, last.mac) if last else (0, GENESIS)
        if ends_at != (head.seq, head.mac):
            problems.append(f"the log does not end at its sealed head (entry {head.seq})")
        try:
            seen = self.checkpoint.seen()
        except CheckpointAltered as altered:
            return [*problems, f"the audit checkpoint {altered}"]
        if seen is not None and uow.audit.mac_at(site_id, seen.seq) != seen.mac:
            problems.append(f"the log no longer holds entry {seen.seq} as this kiosk saw it")
        return problems

    def accept_restore(self, uow: UnitOfWork, site_id: int, actor: str) -> None:
        """Staff restored the database from a backup on purpose: the log's newest entry is
        from then, and the checkpoint moves back to it, with an entry saying so."""
        seen = self._seen()
        last = uow.audit.last_entry(site_id)
        detail = f"restored from a backup: the log was at entry {last.seq if last else 0}"
        if seen is not None:
            detail += f", this kiosk had seen entry {seen.seq}"
        event = AuditEvent(AuditAction.AUDIT_RESTORE, actor, detail=detail)
        self.record(uow, site_id, event)
        uow.after_commit(("audit checkpoint", site_id), self._reset_to_head(uow, site_id))

    def _reset_to_head(self, uow: UnitOfWork, site_id: int) -> Callable[[], None]:
        head = uow.audit.head_for_update(site_id)
        return lambda: self.checkpoint.replace(Checkpoint(head.seq, head.mac))


def _columns(
    entry: AuditEvent | QueuedAudit,
) -> tuple[str, str | None, str | None, str | None, str]:
    """What an event and its queued entry share, after the action."""
    return (entry.actor, entry.subject_ref, entry.field, entry.purpose, entry.detail)
