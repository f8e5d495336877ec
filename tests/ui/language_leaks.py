"""Finds words of the other language on a screen: an English screen showing a text that only
the Indonesian catalog says (``(tidak ada)``), or an Indonesian screen showing an English
message the catalog translates. Every text a widget shows is read: labels, buttons, hints and
a choice's options, of every widget a guest sees."""

import functools
import re
from collections.abc import Iterator

from babel.messages.pofile import read_po

from kiosk.resources import asset_path
from tests.ui.accessibility import shown

PLACEHOLDER = re.compile(r"\{[^}]*\}")
LEAST_LETTERS = 4
"""Letters a message needs, apart from its placeholders, to be told apart from a name."""


def _pattern(message: str) -> re.Pattern | None:
    literal = PLACEHOLDER.sub("", message)
    if sum(ch.isalpha() for ch in literal) < LEAST_LETTERS:
        return None
    parts = (re.escape(part) for part in PLACEHOLDER.split(message))
    return re.compile(".+".join(parts), re.DOTALL)


@functools.cache
def _foreign(language: str) -> tuple[re.Pattern, ...]:
    """What only the other language says: for English, the Indonesian translations; for
    Indonesian, the English messages the catalog translates."""
    with open(asset_path("locale", "id", "LC_MESSAGES", "kiosk.po"), "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id or not message.string or isinstance(message.id, tuple):
            continue
        english, indonesian = message.id, message.string
        if english.strip() == indonesian.strip():
            continue
        pattern = _pattern(indonesian if language == "en" else english)
        if pattern is not None:
            found.append(pattern)
    return tuple(found)


def _texts(screen) -> Iterator[str]:
    for widget in screen.walk(restrict=True):
        if not shown(widget):
            continue
        for name in ("text", "hint_text"):
            text = getattr(widget, name, "")
            if isinstance(text, str) and text.strip():
                yield text.strip()
        yield from (value for value in getattr(widget, "values", ()) if isinstance(value, str))


def leaks(screen, language: str) -> list[str]:
    """The texts on ``screen`` that are in the other language than ``language``."""
    if language not in ("id", "en"):
        return []
    foreign = _foreign(language)
    return sorted({text for text in _texts(screen) if any(p.fullmatch(text) for p in foreign)})
