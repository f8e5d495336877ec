"""How the kiosk greets a guest by name: enough for them to know it is them, little for
whoever stands behind them ("Siti R."), and never a made-up initial or a title.

Many Indonesians have one name; a Malay name's "bin"/"binti" leads to the father's name, not a
family name; "Putra"/"Putri" ("son"/"daughter") is not one either; "Jr." is a suffix; a
Vietnamese name puts the family name first and is spoken by its last word; a name in a script
that does not shorten to initials (Arabic, Chinese, Thai, Georgian…) is shown whole.
"""

import unicodedata

from kiosk.lettering import LINEAGE
from kiosk.privacy.gateway import UNREADABLE

NAME_FIELD = "visitor.name"

INITIAL_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
TITLES = frozenset(
    {"raden", "ajeng", "ra", "r.a", "rm", "r.m", "rr", "dr", "drs", "ir", "prof", "h", "hj"}
    | {"haji", "hajjah", "mr", "mrs", "ms"}
)
"""Words before a name that are not part of it: "Raden Ajeng", "Hj.", "Dr."."""
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
NOT_FAMILY_NAMES = frozenset({"putra", "putri"})
VIETNAMESE_FAMILY_NAMES = frozenset(
    {
        *("nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng"),
        *("bùi", "đỗ", "hồ", "ngô", "dương", "lý", "nguyen", "tran", "pham", "hoang"),
        *("huynh", "dang", "bui", "duong", "ngo"),
    }
)


def _bare(word: str) -> str:
    return unicodedata.normalize("NFC", word.strip(".,")).casefold()


def _has_initials(name: str) -> bool:
    """Whether every letter of ``name`` is Latin, Greek or Cyrillic: scripts that shorten
    a name to its initial."""
    return all(unicodedata.name(c, "").startswith(INITIAL_SCRIPTS) for c in name if c.isalpha())


def name_parts(name: str) -> tuple[str, str | None]:
    """The name a guest is called by and their family name, where they have one:
    "Hj. Siti Nurhaliza binti Tarudin" → ("Siti", "Nurhaliza"); "Nguyễn Thị Minh Khai" →
    ("Khai", None); a name in a script without initials → (the whole name, None)."""
    words = [word.strip(",") for word in name.split()]
    lettered = [word for word in words if any(c.isalpha() for c in word)]
    if len(lettered) < 2 or not _has_initials(name):
        return " ".join(words), None
    words = lettered
    while len(words) > 1 and _bare(words[0]) in TITLES:
        words.pop(0)
    while len(words) > 1 and _bare(words[-1]) in SUFFIXES:
        words.pop()
    if _bare(words[0]) in VIETNAMESE_FAMILY_NAMES:
        return words[-1], None
    lineage = next((at for at, word in enumerate(words) if _bare(word) in LINEAGE), None)
    if lineage:
        words = words[:lineage]
    while len(words) > 1 and _bare(words[-1]) in NOT_FAMILY_NAMES:
        words.pop()
    return words[0], words[-1] if len(words) > 1 else None


def greeting_name(name: str) -> str:
    """The name the kiosk shows a guest: "Siti Rahmawati" → "Siti R."."""
    given, family = name_parts(name)
    if family is None:
        return given
    initial = next(c for c in family if c.isalpha())
    return f"{given} {initial}."


def display_name(held: dict) -> str:
    """The guest's name as the kiosk shows it to them ("Siti R."), from what is held about
    them; empty when none is held or it is unreadable (the screens then greet without it)."""
    name = held.get(NAME_FIELD, "")
    return "" if name == UNREADABLE else greeting_name(name)
