"""Reading a CSV file of people row by row, with each problem tied to its line number.

A line that is not UTF-8, a missing or unknown column, or a value that does not parse is a
:class:`BadRow`; reading goes on, so a person fixing the file sees every problem at once. The
file comes from disk (the command line) or from an upload (the portal): :class:`CsvFile`.
"""

import csv
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kiosk.errors import KioskError
from kiosk.store.unit_of_work import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class CsvFile:
    """A file's name, for messages, and its bytes."""

    name: str
    data: bytes

    @classmethod
    def read(cls, path: Path) -> "CsvFile":
        try:
            return cls(str(path), path.read_bytes())
        except OSError as error:
            raise KioskError(
                f"cannot read {path} ({error.strerror})", reason="csv_unreadable"
            ) from None

    @property
    def row_count(self) -> int:
        """Data lines in the file, for a progress bar's total."""
        return max(len(self.data.splitlines()) - 1, 0)


@dataclass(frozen=True)
class Columns:
    """The columns a file must have, and those it may have."""

    required: frozenset[str]
    optional: frozenset[str]


@dataclass(frozen=True)
class BadRow:
    line: int
    error: KioskError
    """Why, with a reason the edges put in the reader's language."""

    @property
    def reason(self) -> str:
        return str(self.error)

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


FIRST_ROW = 2
"""The line the first row after the header is on."""

Progress = Callable[[int], None]
"""Told how many more rows were handled, for a progress bar."""


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    bad: list[BadRow] = field(default_factory=list)

    @property
    def good(self) -> int:
        return self.rows - len(self.bad)


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def read_rows(
    file: CsvFile, columns: Columns, aliases: Mapping[str, str] | None = None
) -> Iterator[Row | BadRow]:
    """Rows of ``file`` by column name (``aliases`` gives a column's former names); raises
    KioskError if the header itself is wrong."""
    path = file.name
    raw_lines = file.data.splitlines()
    if not raw_lines:
        raise KioskError(f"{path} is empty", reason="csv_empty")
    header = _decode(raw_lines[0].removeprefix(b"\xef\xbb\xbf"))
    if header is None:
        raise KioskError(
            f"{path}: line 1 is not UTF-8 text; save the file as UTF-8 CSV", reason="csv_not_utf8"
        )
    try:
        named = [name.strip().lower() for name in next(csv.reader([header]))]
    except csv.Error as error:
        raise KioskError(
            f"{path}: line 1 is not a CSV header ({error})", reason="csv_header"
        ) from None
    given = [(aliases or {}).get(name, name) for name in named]
    _check_header(path, given, columns.required, columns.optional)
    yield from _records(raw_lines[1:], given)


def _check_header(
    path: str, columns: list[str], required: frozenset[str], optional: frozenset[str]
) -> None:
    twice = sorted({name for name in columns if columns.count(name) > 1})
    if twice:
        raise KioskError(
            f"{path}: wrong header: column {twice[0]!r} is given twice",
            reason="csv_column_twice",
            column=twice[0],
        )
    unknown = [name for name in columns if name not in required | optional]
    missing = sorted(required - set(columns))
    if unknown or missing:
        parts = [f"unknown column {name!r}" for name in unknown]
        parts += [f"missing column {name!r}" for name in missing]
        expected = ", ".join(sorted(required)) + " (and optionally " + ", ".join(sorted(optional))
        message = f"{path}: wrong header: {'; '.join(parts)}; expected {expected})"
        if unknown:
            raise KioskError(message, reason="csv_unknown_column", column=unknown[0])
        raise KioskError(message, reason="csv_missing_column", column=missing[0])


def _records(raw_lines: list[bytes], columns: list[str]) -> Iterator[Row | BadRow]:
    """The rows after the header. A value in quotes may run over several lines; the row is
    named by the line it starts on."""
    undecodable: set[int] = set()

    def lines() -> Iterator[str]:
        for number, raw in enumerate(raw_lines, start=FIRST_ROW):
            text = _decode(raw)
            if text is None:
                undecodable.add(number)
            yield (text or "") + "\n"

    reader = csv.reader(lines())
    start = FIRST_ROW
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield BadRow(start, KioskError(f"is not CSV ({error})", reason="csv_row"))
            start = reader.line_num + FIRST_ROW
            continue
        first, start = start, reader.line_num + FIRST_ROW
        if undecodable & set(range(first, start)):
            yield BadRow(
                first,
                KioskError("not UTF-8 text; save the file as UTF-8 CSV", reason="csv_not_utf8"),
            )
        elif not any(cell.strip() for cell in cells):
            continue
        elif len(cells) != len(columns):
            yield BadRow(
                first,
                KioskError(
                    f"has {len(cells)} values for {len(columns)} columns",
                    reason="csv_cell_count",
                    found=len(cells),
                    columns=len(columns),
                ),
            )
        else:
            yield Row(
                first, {name: cell.strip() for name, cell in zip(columns, cells, strict=True)}
            )


def check_rows(
    rows: Iterable[Row | BadRow],
    check: Callable[[Row], T],
    identity: Callable[[T], Hashable],
    progress: Progress,
) -> tuple[list[T], list[BadRow]]:
    """Every row checked (a KioskError makes it bad); a row like an earlier one is a duplicate."""
    good: list[T] = []
    bad: list[BadRow] = []
    seen: dict[Hashable, int] = {}
    for row in rows:
        progress(1)
        if isinstance(row, BadRow):
            bad.append(row)
            continue
        try:
            item = check(row)
        except KioskError as error:
            bad.append(BadRow(row.line, error))
            continue
        key = identity(item)
        if key in seen:
            twice = KioskError(
                f"duplicate of line {seen[key]}", reason="csv_duplicate", line=seen[key]
            )
            bad.append(BadRow(row.line, twice))
            continue
        seen[key] = row.line
        good.append(item)
    return good, bad


def write_rows(
    unit_of_work: Callable[[], UnitOfWork],
    good: list[T],
    bad: list[BadRow],
    write: Callable[[UnitOfWork, T], None],
    *,
    skip_bad: bool,
    progress: Progress,
    check_only: bool = False,
) -> ImportReport:
    """Writes the good rows in one transaction; none when a row is bad, unless ``skip_bad``,
    and none when only checking (the report then says what would be imported)."""
    report = ImportReport(rows=len(good) + len(bad), bad=bad)
    if check_only or (bad and not skip_bad):
        return report
    with unit_of_work() as uow:
        for item in good:
            write(uow, item)
            progress(1)
        uow.commit()
    report.imported = len(good)
    return report


def _decode(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
