"""The newest audit entry this kiosk saw committed, kept outside the database (a file in the
kiosk's data folder, beside the key file) and sealed with the site key: a log rolled back to an
older head, or wiped, in the database no longer matches it.

One file holds a checkpoint per site, each only ever moved forward, written whole to a new file
that then takes the old one's place, so a crash leaves the old or the new, never half of one.
"""

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk.privacy.audit import AuditChain

CHECKPOINT_FILE = "audit-checkpoint.json"
"""In the data folder, beside the key file: the newest audit entry this kiosk saw committed."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    mac: str


class CheckpointAltered(Exception):
    """The checkpoint file's seal does not match: it was edited."""


_WRITING = threading.RLock()
"""One writer of checkpoint files at a time in this process."""


class AuditCheckpoint:
    def __init__(self, path: Path, chain: AuditChain, site_name: str) -> None:
        self.path = path
        self._chain = chain
        self._site = site_name

    def _all(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise CheckpointAltered(f"{self.path} cannot be read ({error})") from None

    def seen(self) -> Checkpoint | None:
        """The newest entry this kiosk saw committed for its site, if any."""
        entry = self._all().get(self._site)
        if entry is None:
            return None
        try:
            checkpoint = Checkpoint(int(entry["seq"]), str(entry["mac"]))
            sealed = entry["seal"] == self._seal(checkpoint)
        except (KeyError, TypeError, ValueError):
            sealed = False
        if not sealed:
            raise CheckpointAltered(f"{self.path} was altered")
        return checkpoint

    def advance(self, seq: int, mac: str) -> None:
        """Moves the site's checkpoint to entry ``seq``, unless it is already past it. Threads
        of one process (the portal's) take turns, so none moves it back."""
        with _WRITING:
            current = self._all()
            known = current.get(self._site, {})
            seen = known.get("seq") if isinstance(known, dict) else None
            if isinstance(seen, int) and seen >= seq:
                return
            self.replace(Checkpoint(seq, mac), current)

    def replace(self, checkpoint: Checkpoint, current: dict | None = None) -> None:
        """Sets the site's checkpoint, forward or back (after a restore staff accepted)."""
        with _WRITING:
            entries = self._all() if current is None else current
            entries[self._site] = {
                "seq": checkpoint.seq,
                "mac": checkpoint.mac,
                "seal": self._seal(checkpoint),
            }
            self.path.parent.mkdir(parents=True, exist_ok=True)
            writer = f"{os.getpid()}.{threading.get_ident()}"
            temporary = self.path.with_name(f".{self.path.name}.{writer}.tmp")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(entries, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)

    def _seal(self, checkpoint: Checkpoint) -> str:
        return self._chain.checkpoint_seal(self._site, checkpoint.seq, checkpoint.mac)
