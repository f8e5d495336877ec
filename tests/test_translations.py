"""Each language of the table but the one the messages are written in has a catalog that
translates every message the code shows, and the compiled catalogs the kiosk loads match their
sources (run scripts/translations after changing either)."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from kiosk.i18n import translations
from kiosk.languages import LANGUAGES

ROOT = Path(__file__).parent.parent
LOCALE = ROOT / "assets" / "locale"
METHOD_MAP = [
    ("kiosk/**.py", "python"),
    ("kiosk/ui/**.kv", "python"),
    ("kiosk/web/templates/**.html", "jinja2"),
]


def catalog(language: str, suffix: str):
    path = LOCALE / language / "LC_MESSAGES" / f"kiosk.{suffix}"
    with path.open("rb") as handle:
        return read_po(handle) if suffix == "po" else read_mo(handle)


def _first(message: str | tuple[str, ...]) -> str:
    """A plural message by its singular id, as catalogs key it."""
    return message if isinstance(message, str) else message[0]


def _frozen(value):
    return value if isinstance(value, str) else tuple(value)


def _given(value: str | tuple[str, ...]) -> bool:
    """Whether a translation is there: the text, or every form of a plural (an empty text is
    a message nobody translated yet)."""
    return bool(value) if isinstance(value, str) else all(value)


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_message_in_the_code_is_translated(language: str) -> None:
    used = {_first(message) for _file, _line, message, *_ in extract_from_dir(ROOT, METHOD_MAP)}
    translated = catalog(language, "po")
    assert used, "no messages found in the code"
    missing = sorted(m for m in used if not (translated.get(m) and _given(translated[m].string)))
    assert missing == []
    assert not [m.id for m in translated if m.id and m.fuzzy]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language: str) -> None:
    def translated(messages):
        """What gettext would answer differently from the message id itself."""
        pairs = {_frozen(m.id): _frozen(m.string) for m in messages if m.id}
        return {key: text for key, text in pairs.items() if any(text) and text != key}

    assert translated(catalog(language, "mo")) == translated(catalog(language, "po"))


def test_the_kiosk_speaks_indonesian_and_english() -> None:
    assert translations("id").gettext("Welcome") == "Selamat datang"
    assert translations("en").gettext("Welcome") == "Welcome"
