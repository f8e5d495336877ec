"""The one clock every part of the kiosk reads: services, screens, the command line and the
database's timestamps.

It is the real clock, moved by an offset that tests set (:func:`set_now`) so that a run does
not depend on the day or the hour it happens to start at. Processes a test starts inherit the
offset through ``KIOSK_CLOCK_OFFSET`` (seconds), so they read the same time as the test.
"""

import os
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.errors import RefusedInput

OFFSET_VARIABLE = "KIOSK_CLOCK_OFFSET"
LAST_MINUTE = time(23, 59)
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2999, 12, 31)
"""The days a person may name (a visit, a list's day, a ban's or a hold's end): others are
refused, not turned into a time no calendar reaches."""


def _offset_from_environment() -> timedelta:
    try:
        return timedelta(seconds=float(os.environ.get(OFFSET_VARIABLE) or 0))
    except ValueError:
        return timedelta(0)


_offset = _offset_from_environment()


def given_day(day: date | datetime) -> date:
    """``day`` as a person gave it, refused with reason ``date_out_of_range`` outside
    :data:`EARLIEST_DAY` to :data:`LATEST_DAY`."""
    day = day.date() if isinstance(day, datetime) else day
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise RefusedInput(
            "date_out_of_range",
            f"{day.isoformat()} is not a day the kiosk can use: give one between "
            f"{EARLIEST_DAY.year} and {LATEST_DAY.year}",
            first=EARLIEST_DAY.year,
            last=LATEST_DAY.year,
        )
    return day


def utc_now() -> datetime:
    return datetime.now(UTC) + _offset


def local_now(timezone: str) -> datetime:
    """Now, on the wall clock of the site's time zone."""
    return utc_now().astimezone(ZoneInfo(timezone))


def local_today(timezone: str) -> date:
    return local_now(timezone).date()


def day_at(moment: datetime, timezone: str) -> date:
    """The calendar day ``moment`` falls on in the site's time zone."""
    return moment.astimezone(ZoneInfo(timezone)).date()


def all_day(starts: datetime, ends: datetime, timezone: str) -> bool:
    """Whether a window is whole days in the site's time zone (from midnight to 23:59 or
    later), as an invitation without hours is."""
    zone = ZoneInfo(timezone)
    start, end = starts.astimezone(zone).time(), ends.astimezone(zone).time()
    return start == time.min and end >= LAST_MINUTE


def set_now(moment: datetime) -> timedelta:
    """Moves the clock so that it reads ``moment`` now and runs on from there; returns the
    offset from the real clock (for :data:`OFFSET_VARIABLE`)."""
    global _offset
    _offset = moment - datetime.now(UTC)
    return _offset
