"""Slows down guessing at one kiosk: a guest who mistypes their code a few times is not held
up, a script typing thousands of codes is held to about one a minute."""

from collections.abc import Callable
from datetime import datetime, timedelta

from kiosk.clock import utc_now

FREE_MISSES = 5
"""Wrong codes in a row read at once: a guest fumbling with a creased printout."""
FIRST_HOLD = timedelta(seconds=2)
LONGEST_HOLD = timedelta(minutes=1)
FORGET_AFTER = timedelta(minutes=10)
"""Without a wrong code for this long, the count starts afresh."""


class CodeThrottle:
    """After :data:`FREE_MISSES` wrong codes in a row, each further wrong code holds the next
    code back, twice as long as the one before, up to :data:`LONGEST_HOLD`. A right code ends
    the run of misses."""

    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self._clock = clock
        self._misses = 0
        self._last_miss: datetime | None = None
        self._held_until: datetime | None = None
        self._hold = FIRST_HOLD

    def holding(self) -> bool:
        """Whether the next code must wait (it is then not read at all)."""
        return self._held_until is not None and self._clock() < self._held_until

    def missed(self) -> bool:
        """Counts a wrong code; True when this one starts holding codes back."""
        now = self._clock()
        if self._last_miss is not None and now - self._last_miss > FORGET_AFTER:
            self._misses = 0
        self._misses += 1
        self._last_miss = now
        beyond = self._misses - FREE_MISSES
        if beyond <= 0:
            return False
        self._hold = FIRST_HOLD if beyond == 1 else min(self._hold * 2, LONGEST_HOLD)
        self._held_until = now + self._hold
        return beyond == 1

    def matched(self) -> None:
        self._misses = 0
        self._held_until = None
