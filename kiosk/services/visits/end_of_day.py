"""Auto sign-out: once a day, at the site's configured time, every visit still open from
before that time is closed (a guest who arrives later is closed at the next day's)."""

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from kiosk.clock import utc_now
from kiosk.services.kiosk import Kiosk
from kiosk.services.visits.check_out import auto_check_out


class EndOfDay:
    """Asked every so often by the running kiosk; closes the day's visits once per day."""

    def __init__(self, kiosk: Kiosk, clock: Callable[[], datetime] = utc_now) -> None:
        self._kiosk = kiosk
        self._clock = clock
        self._done_for: date | None = None

    def tick(self) -> int:
        """How many visits were closed now (0 unless the time has come today)."""
        local = self._clock().astimezone(ZoneInfo(self._kiosk.site.timezone))
        if local.time() < self._kiosk.settings.auto_checkout_at or self._done_for == local.date():
            return 0
        cutoff = datetime.combine(local.date(), self._kiosk.settings.auto_checkout_at, local.tzinfo)
        closed = auto_check_out(self._kiosk, now=self._clock(), begun_before=cutoff)
        self._done_for = local.date()  # only once it went through: a database outage retries
        return closed
