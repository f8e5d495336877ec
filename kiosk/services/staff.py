"""The staff PIN: stored as a scrypt hash, checked with a lock-out after repeated wrong tries."""

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.bootstrap import Kiosk

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_TRIES = 5
LOCK_SECONDS = 60
LONGEST_LOCK_SECONDS = 3600
PIN_DIGITS = range(4, 13)


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$hash``, for ``kiosk.staff_pin_hash`` in the settings."""
    if not pin.isdigit() or len(pin) not in PIN_DIGITS:
        raise ValueError("a staff PIN is 4 to 12 digits")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"
    )


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            pin.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class PinAnswer:
    unlocked: bool
    tries_left: int = 0
    locked_for: int = 0
    """Seconds until another try is allowed; 0 when not locked."""


class StaffGate:
    """Checks PINs for one kiosk. Five wrong tries in a row lock it for a minute; each lock
    after that lasts twice as long (up to an hour) until a right PIN is given. Every refusal
    is reported to ``refused`` (for the audit log)."""

    def __init__(
        self,
        pin_hash: str | None,
        clock: Callable[[], float] = time.monotonic,
        refused: Callable[[str], None] = lambda _why: None,
    ) -> None:
        self._pin_hash = pin_hash
        self._clock = clock
        self._refused = refused
        self._wrong = 0
        self._locks = 0
        self._locked_until = 0.0

    @property
    def configured(self) -> bool:
        return self._pin_hash is not None

    def try_pin(self, pin: str) -> PinAnswer:
        now = self._clock()
        if now < self._locked_until:
            self._refused("locked")
            return PinAnswer(False, locked_for=int(self._locked_until - now) + 1)
        if self._pin_hash and pin_matches(pin, self._pin_hash):
            self._wrong = self._locks = 0
            return PinAnswer(True)
        self._refused("wrong")
        self._wrong += 1
        if self._wrong >= MAX_TRIES:
            lock = min(LOCK_SECONDS * 2**self._locks, LONGEST_LOCK_SECONDS)
            self._wrong, self._locks = 0, self._locks + 1
            self._locked_until = now + lock
            return PinAnswer(False, locked_for=lock)
        return PinAnswer(False, tries_left=MAX_TRIES - self._wrong)


def audit_pin_refusal(kiosk: Kiosk, why: str) -> None:
    """A wrong or locked-out staff PIN at this kiosk, in the audit log."""
    with kiosk.unit_of_work() as uow:
        event = AuditEvent(AuditAction.STAFF_PIN_REFUSED, kiosk.actor, detail=why)
        kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
