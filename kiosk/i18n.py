"""Translations from the gettext catalogs in ``assets/locale`` and locale-aware dates (Babel).

The core hands English message ids to the edges; the edges translate with :func:`translations`.
"""

import gettext
from datetime import datetime
from functools import cache

from babel.dates import format_date, format_skeleton

from kiosk.languages import babel_locale
from kiosk.resources import asset_path

DOMAIN = "kiosk"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language``; a missing catalog falls back to the English message ids."""
    return gettext.translation(
        DOMAIN, localedir=asset_path("locale"), languages=[language], fallback=True
    )


def long_date(moment: datetime, language: str) -> str:
    """E.g. ``Rabu, 25 November 2026`` or ``Wednesday, 25 November 2026``."""
    return format_date(moment, format="full", locale=babel_locale(language))


def band_date(moment: datetime, language: str) -> str:
    """The day a badge is valid, as a guard reads it from afar: ``KAMIS 26 NOV``."""
    return format_date(moment, format="EEEE d MMM", locale=babel_locale(language)).upper()


def clock_time(moment: datetime, language: str) -> str:
    """E.g. ``18.05`` in Indonesian and ``18:05`` in English: a 24-hour clock, as in Indonesia,
    whatever the locale's own habit (with its own separator)."""
    return format_skeleton("Hm", moment, locale=babel_locale(language))
