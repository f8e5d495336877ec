"""The append-only audit log: each entry carries an HMAC over its content and the previous
entry's MAC, so an edited, removed or reordered entry breaks the chain. The key comes from the
site key, so whoever can write the database but lacks the key file cannot re-seal the chain.

Entries hold codes and pseudonymous subject references only, never a personal value.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from kiosk.privacy.crypto import derive_key
from kiosk.store.privacy_repositories import AuditHeadRow, AuditRow

GENESIS = "0" * 64


class AuditAction(StrEnum):
    CAPTURE = "capture"
    VIEW_VERIFICATION = "view_verification"
    PRINT = "print"
    EXPORT = "export"
    ERASURE = "erasure"
    PURGE = "purge"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    DIRECTORY_CHANGE = "directory_change"
    INVITATION_CHANGE = "invitation_change"
    DENY_LIST_CHANGE = "deny_list_change"
    DENY_LIST_HIT = "deny_list_hit"
    STAFF_PIN_REFUSED = "staff_pin_refused"
    STAFF_PIN_UNLOCKED = "staff_pin_unlocked"
    RETENTION_CHANGE = "retention_change"
    LEGAL_HOLD = "legal_hold"
    AUDIT_DAMAGE = "audit_damage"
    """The kiosk found the log damaged (its head missing) and went on from what was left."""
    AUDIT_RESTORE = "audit_restore"
    """Staff accepted that the database was restored from a backup."""
    PORTAL_SIGN_IN = "portal_sign_in"
    PORTAL_SIGN_IN_REFUSED = "portal_sign_in_refused"
    """Too many sign-in tries, or a link that is used, expired or forged."""
    SIGNED_OUT_BY_STAFF = "signed_out_by_staff"
    STAFF_CHANGE = "staff_change"
    """A staff account added, removed, or given a new password."""
    PORTAL_VIEW = "portal_view"
    """A page of the web portal showed a person's data."""
    SESSIONS_ENDED = "sessions_ended"
    """An admin signed a person out of the portal on every device."""
    CORRECTION = "correction"
    """A held value replaced by its correction, by the person or by staff."""
    PRIVACY_REQUEST = "privacy_request"
    """A person asked for their data or exercised a right themselves; or staff decided on it."""


@dataclass(frozen=True)
class AuditEvent:
    action: AuditAction
    actor: str
    subject_ref: str | None = None
    field: str | None = None
    purpose: str | None = None
    detail: str = ""
    """A code such as ``source=guest_typed``: never a personal value."""


def _utc_text(at: datetime) -> str:
    """One spelling of an instant, whatever time zone the database hands back."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class AuditChain:
    def __init__(self, site_key: bytes) -> None:
        self._key = derive_key(site_key, "kiosk audit chain v1")

    def _hmac(self, payload: object) -> str:
        message = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        message = message.encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def row(self, seq: int, at: datetime, event: AuditEvent, prev_mac: str) -> AuditRow:
        """The entry to store after ``prev_mac``, sealed with its MAC."""
        fields = {
            "seq": seq,
            "at": at,
            "action": str(event.action),
            "actor": event.actor,
            "subject_ref": event.subject_ref,
            "field": event.field,
            "purpose": event.purpose,
            "detail": event.detail,
            "prev_mac": prev_mac,
        }
        return AuditRow(**fields, mac=self._mac(fields))

    def _mac(self, fields: dict) -> str:
        return self._hmac({**fields, "at": _utc_text(fields["at"])})

    def seal(self, seq: int, mac: str) -> str:
        """Seals the head (newest seq and MAC), so removing the newest entries shows too."""
        return self._hmac(["head", seq, mac])

    def checkpoint_seal(self, site: str, seq: int, mac: str) -> str:
        """Seals a checkpoint kept outside the database (see :mod:`audit_checkpoint`)."""
        return self._hmac(["checkpoint", site, seq, mac])

    def verify(self, entries: list[AuditRow], head: AuditHeadRow | None) -> list[str]:
        """Problems found, in order; an empty list means the log is intact."""
        problems = []
        previous_mac, previous_seq = GENESIS, 0
        for entry in entries:
            if entry.seq != previous_seq + 1:
                problems.append(
                    f"entry {entry.seq} follows entry {previous_seq}: entries removed or reordered"
                )
            elif entry.prev_mac != previous_mac:
                problems.append(f"entry {entry.seq} does not chain to entry {previous_seq}")
            content = {name: value for name, value in vars(entry).items() if name != "mac"}
            if entry.mac != self._mac(content):
                problems.append(f"entry {entry.seq} was altered")
            elif entry.action == AuditAction.AUDIT_DAMAGE:
                problems.append(f"entry {entry.seq}: {entry.detail}")
            previous_mac, previous_seq = entry.mac, entry.seq
        if head is None:
            problems.append("the log's seal is missing")
        elif head.seal != self.seal(head.seq, head.mac):
            problems.append("the log's seal was altered")
        elif (head.seq, head.mac) != (previous_seq, previous_mac):
            problems.append(f"the log ends at entry {previous_seq} but was sealed at {head.seq}")
        return problems
