"""The languages the kiosk speaks, declared once: settings, catalogs, dates, the command line's
choices, the screens' language button and the access export all read this table.

A language here needs no more than its catalog in ``assets/locale`` (without one, people read
the English message ids). A purpose registry declares its own languages; where it lacks one of
these, its texts are shown in its first language (see :meth:`Registry.text`).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    """ISO 639-1, as in settings, catalogs and the registry (``id``, ``en``)."""
    name: str
    """The language's name in itself, for the button that switches to it."""
    locale: str
    """The Babel locale dates and times are written in."""


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("id", "Bahasa Indonesia", "id_ID"),
        Language("en", "English", "en_GB"),
    )
}


def language_codes() -> tuple[str, ...]:
    return tuple(LANGUAGES)


def language(code: str) -> Language:
    """The language ``code`` names; ValueError for one the kiosk does not speak."""
    try:
        return LANGUAGES[code]
    except KeyError:
        raise ValueError(f"{code!r} is not one of {', '.join(LANGUAGES)}") from None


def babel_locale(code: str) -> str:
    """The locale dates are written in for ``code``; English's for a language not declared."""
    return LANGUAGES.get(code, LANGUAGES["en"]).locale
