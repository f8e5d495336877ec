"""The staff PIN: stored as a scrypt hash, checked with a lock-out after repeated wrong tries.
A lock tells reception and the log; staff can end it from the command line."""

import base64
import hashlib
import hmac
import logging
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from kiosk.clock import utc_now
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.queue import alert_reception
from kiosk.store.staff_pin_repository import PinLockRecord

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_TRIES = 5
LOCK_SECONDS = 60
LONGEST_LOCK_SECONDS = 3600
PIN_DIGITS = range(6, 13)
"""Six digits at least: a million PINs, against about a hundred guesses a day."""
"""The reception alert of a lock (folded: one per kiosk while open)."""
log = logging.getLogger("kiosk.staff")


def hash_pin(pin: str) -> str:
    """``scrypt$N$r$p$salt$hash``, for ``kiosk.staff_pin_hash`` in the settings."""
    if not pin.isdigit() or len(pin) not in PIN_DIGITS:
        raise ValueError("a staff PIN is 6 to 12 digits")
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


Judgement = tuple[PinLockRecord, PinAnswer, str | None]
"""The lock state after a try, the answer, and why the try was refused (None: it was not)."""


def judge_try(lock: PinLockRecord, matched: bool, now: datetime) -> Judgement:
    """Five wrong tries in a row lock the PIN for a minute; each lock after that lasts twice
    as long (up to an hour) until a right PIN is given. While locked, even the right PIN is
    refused."""
    if lock.locked_until is not None and now < lock.locked_until:
        wait = math.ceil((lock.locked_until - now).total_seconds())
        return lock, PinAnswer(False, locked_for=wait), "locked"
    if matched:
        return PinLockRecord(), PinAnswer(True), None
    wrong = lock.wrong_tries + 1
    if wrong < MAX_TRIES:
        answer = PinAnswer(False, tries_left=MAX_TRIES - wrong)
        return PinLockRecord(wrong, lock.locks, lock.locked_until), answer, "wrong"
    seconds = min(LOCK_SECONDS * 2**lock.locks, LONGEST_LOCK_SECONDS)
    locked = PinLockRecord(0, lock.locks + 1, now + timedelta(seconds=seconds))
    return locked, PinAnswer(False, locked_for=seconds), "wrong"


class PinTries(Protocol):
    def settle(self, judge: Callable[[PinLockRecord], Judgement]) -> PinAnswer:
        """Judges a try against the stored lock state and stores the outcome, atomically."""


class MemoryPinTries:
    """Lock state held by one process: for a kiosk with no database behind it (tests)."""

    def __init__(self) -> None:
        self.lock = PinLockRecord()
        self.refusals: list[str] = []

    def settle(self, judge: Callable[[PinLockRecord], Judgement]) -> PinAnswer:
        self.lock, answer, refusal = judge(self.lock)
        if refusal:
            self.refusals.append(refusal)
        return answer


class StoredPinTries:
    """Lock state in the site's database, shared by its kiosks and kept across restarts; each
    refusal is audited in the same transaction."""

    def __init__(self, kiosk: Kiosk) -> None:
        self._kiosk = kiosk

    def settle(self, judge: Callable[[PinLockRecord], Judgement]) -> PinAnswer:
        kiosk = self._kiosk
        with kiosk.unit_of_work() as uow:
            lock, answer, refusal = judge(uow.staff_pins.for_update(kiosk.site.id))
            uow.staff_pins.save(kiosk.site.id, lock)
            if refusal:
                event = AuditEvent(AuditAction.STAFF_PIN_REFUSED, kiosk.actor, detail=refusal)
                kiosk.audit.record(uow, kiosk.site.id, event)
            if refusal == "wrong" and answer.locked_for:
                log.warning(
                    "staff mode locked for %d s after wrong PINs at %s; "
                    "`kiosk config unlock-pin` ends the lock",
                    answer.locked_for,
                    kiosk.settings.kiosk_id,
                )
                alert_reception(uow, kiosk, AlertReason.STAFF_PIN_LOCKED, utc_now())
            uow.commit()
        return answer


def unlock_staff_mode(kiosk: Kiosk, actor: str) -> bool:
    """Ends the lock and the run of wrong PINs at every kiosk of the site, and resolves the
    alerts about it; audited. Whether staff mode was locked."""
    now = utc_now()
    with kiosk.unit_of_work() as uow:
        lock = uow.staff_pins.for_update(kiosk.site.id)
        uow.staff_pins.save(kiosk.site.id, PinLockRecord())
        uow.alerts.resolve_reason(kiosk.site.id, AlertReason.STAFF_PIN_LOCKED, actor, now)
        event = AuditEvent(AuditAction.STAFF_PIN_UNLOCKED, actor)
        kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
    return lock.locked_until is not None and now < lock.locked_until


class StaffGate:
    """Checks PINs for a kiosk against the stored hash, slowed by :func:`judge_try`."""

    def __init__(
        self,
        pin_hash: str | None,
        tries: PinTries,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._pin_hash = pin_hash
        self._tries = tries
        self._clock = clock

    @property
    def configured(self) -> bool:
        return self._pin_hash is not None

    def try_pin(self, pin: str) -> PinAnswer:
        matched = self._pin_hash is not None and pin_matches(pin, self._pin_hash)
        now = self._clock()
        return self._tries.settle(lambda lock: judge_try(lock, matched, now))
