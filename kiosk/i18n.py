"""Translations from the gettext catalogs in ``assets/locale`` and locale-aware dates (Babel),
and a visit's window in words, as every page and message writes it.

The core hands English message ids to the edges; the edges translate with :func:`translations`.
"""

import gettext
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import DateTimePattern, format_date, format_interval, match_skeleton

from kiosk.clock import all_day
from kiosk.languages import babel_locale
from kiosk.resources import asset_path

DOMAIN = "kiosk"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language``; a missing catalog falls back to the English message ids."""
    return gettext.translation(
        DOMAIN, localedir=asset_path("locale"), languages=[language], fallback=True
    )


def long_date(moment: date, language: str) -> str:
    """E.g. ``Rabu, 25 November 2026`` or ``Wednesday, 25 November 2026``."""
    return _long_date(moment.date() if isinstance(moment, datetime) else moment, language)


@lru_cache(maxsize=4096)
def _long_date(day: date, language: str) -> str:
    """Formatted once per day and language: a list page writes the same few days many times."""
    return format_date(day, format="full", locale=_locale(language))


def band_date(first: datetime, last: datetime, language: str) -> str:
    """The days a badge is valid, as a guard reads them from afar: ``KAMIS 26 NOV`` for one;
    for several, their span as the language writes one (``29`` en dash ``30 NOV``)."""
    locale = babel_locale(language)
    if first.date() == last.date():
        return format_date(first, format="EEEE d MMM", locale=locale).upper()
    return format_interval(first.date(), last.date(), "MMMd", locale=locale).upper()


def clock_time(moment: datetime, language: str) -> str:
    """E.g. ``18.05`` in Indonesian and ``18:05`` in English: a 24-hour clock, as in Indonesia,
    whatever the locale's own habit (with its own separator)."""
    return _clock(moment.hour, moment.minute, language)


@lru_cache(maxsize=4096)
def _clock(hour: int, minute: int, language: str) -> str:
    """Formatted once per minute of the day and language."""
    locale = _locale(language)
    return _clock_pattern(locale).apply(time(hour, minute), locale)


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(babel_locale(language))


@cache
def _clock_pattern(locale: Locale) -> DateTimePattern:
    """The locale's pattern for hours and minutes, matched once (a list page shows hundreds
    of times, and matching a skeleton costs more than formatting)."""
    skeletons = locale.datetime_skeletons
    return skeletons[match_skeleton("Hm", skeletons)]


DASH = "\N{EN DASH}"


class When:
    """Days, times and a visit's window in a site's time zone and a reader's language."""

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
