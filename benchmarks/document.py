"""docs/PERFORMANCE.md, which each benchmark writes a section of."""

from pathlib import Path

DOCUMENT = Path(__file__).parent.parent / "docs" / "PERFORMANCE.md"


def with_section(document: str, section: str) -> str:
    """``document`` with the section of ``section``'s heading (its first line; up to the next
    section) replaced by ``section``, or with ``section`` added at its end."""
    before, found, rest = document.partition(f"\n{section.splitlines()[0]}\n")
    if not found:
        return f"{document.rstrip()}\n\n{section}"
    _, next_found, after = rest.partition("\n## ")
    tail = f"\n## {after}" if next_found else ""
    return f"{before.rstrip()}\n\n{section}{tail}"


def write_section(section: str) -> None:
    """Replaces (or adds) ``section`` in the document."""
    DOCUMENT.write_text(with_section(DOCUMENT.read_text(), section))
