"""Dates and times on the portal's pages: in the site's time zone and the reader's language."""

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from kiosk.clock import all_day
from kiosk.i18n import clock_time, long_date

DASH = "\N{EN DASH}"


class When:
    def __init__(self, timezone: str, language: str, _: Callable[[str], str]) -> None:
        self._zone = ZoneInfo(timezone)
        self._language = language
        self._ = _

    def day(self, day: date | datetime) -> str:
        """E.g. "Minggu, 29 November 2026"."""
        if isinstance(day, datetime):
            day = day.astimezone(self._zone)
        return long_date(day, self._language)

    def clock(self, moment: datetime) -> str:
        return clock_time(moment.astimezone(self._zone), self._language)

    def hours(self, starts: datetime, ends: datetime) -> str:
        """ "09:00-11:00", or "all day" for a window of whole days."""
        if all_day(starts, ends, self._zone.key):
            return self._("all day")
        return f"{self.clock(starts)}{DASH}{self.clock(ends)}"

    def window(self, starts: datetime, ends: datetime) -> str:
        """ "Sunday, 29 November 2026 · 09:00-11:00", or a visit's first and last day."""
        start, end = starts.astimezone(self._zone), ends.astimezone(self._zone)
        if start.date() == end.date():
            return f"{self.day(start)} · {self.hours(starts, ends)}"
        if self.hours(starts, ends) == self._("all day"):
            return f"{self.day(start)} {DASH} {self.day(end)}"
        return f"{self.day(start)} {self.clock(starts)} {DASH} {self.day(end)} {self.clock(ends)}"
