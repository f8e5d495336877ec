"""Narrowing the desk's lists by what reception types: a guest's or host's name, a company."""

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

Row = TypeVar("Row")
LONGEST_QUERY = 100


def folded(text: str) -> str:
    """Text as a search compares it: whatever its case and accents (``Nguyễn`` is ``nguyen``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def narrowed(rows: Iterable[Row], query: str, texts: Callable[[Row], Iterable[str]]) -> list[Row]:
    """The rows whose ``texts`` hold every word of ``query`` (in any of them, in any order);
    all rows for an empty query."""
    words = folded(query[:LONGEST_QUERY]).split()
    return [row for row in rows if all(word in folded(" ".join(texts(row))) for word in words)]
