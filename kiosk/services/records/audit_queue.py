"""Audit entries queued without the chain's lock (a portal page's view) join the chain here:
in the background, and before anything reads the log, so a verification or an export sees
every entry."""

from kiosk.services.kiosk import Kiosk


def fold_audit_queue(kiosk: Kiosk) -> int:
    """Chains the entries queued so far, a batch per transaction; how many."""
    folded = 0
    while True:
        with kiosk.unit_of_work() as uow:
            count = kiosk.audit.fold_queue(uow, kiosk.site.id)
            uow.commit()
        folded += count
        if not count:
            return folded
