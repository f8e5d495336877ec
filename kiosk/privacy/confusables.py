"""Look-alike letters (Unicode Technical Standard #39): two texts with the same *skeleton*
read alike, such as "Ivan" in Latin letters and "Ivan" typed with a Cyrillic I and a.

Unicode's table of confusables comes with confusable_homoglyphs (the library Django's
registration checks use), as pairs of a character and the prototype it looks like, listed
both ways. A character that maps to a prototype has that one partner; a prototype has one or
more, and may be a sequence (``m`` looks like ``rn``). Where a pair's two members have no
other partner, either could be the prototype: the one that sorts first is taken, which makes
the same groups."""

import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data

_SHOWN_LEFT_TO_RIGHT = "\u200e"
"""The table shows right-to-left characters between left-to-right marks."""
_PASSES = 4
"""Prototypes are nearly always final; the few that decompose into mapped characters settle
in a second pass."""


@cache
def _prototypes() -> dict[str, str]:
    partners = {
        key.strip(_SHOWN_LEFT_TO_RIGHT): [
            entry["c"].strip(_SHOWN_LEFT_TO_RIGHT) for entry in entries
        ]
        for key, entries in confusables_data.items()
    }
    table = {}
    for char, others in partners.items():
        if len(char) != 1 or len(others) != 1:
            continue
        (other,) = others
        if len(other) > 1 or len(partners.get(other, ())) > 1 or other < char:
            table[char] = other
    return table


def skeleton(text: str) -> str:
    """``NFD(prototypes(NFD(text)))``, repeated until it no longer changes: equal skeletons
    mean the texts can be mistaken for each other. Not for display."""
    prototypes = _prototypes()
    for _ in range(_PASSES):
        mapped = "".join(prototypes.get(c, c) for c in unicodedata.normalize("NFD", text))
        mapped = unicodedata.normalize("NFD", mapped)
        if mapped == text:
            break
        text = mapped
    return text
