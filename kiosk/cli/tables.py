"""Tables on the terminal, or whole into a file or a pipe."""

from rich.console import Console
from rich.table import Table

UNBOUNDED = 100_000
"""The width of a table printed into a file or a pipe: each row on one line, whole."""


def print_table(table: Table) -> None:
    """On a terminal, the table fits its width and folds long values onto more lines; into a
    file or a pipe, each row is one line. Never a value cut short, and every text printed as
    it is: a name holding ``[/]`` or ``:smile:`` is a name, not console markup (style comes
    only from :class:`rich.text.Text` built here)."""
    plain = {"markup": False, "emoji": False, "highlight": False}
    console = Console(**plain)
    if not console.is_terminal:
        console = Console(width=UNBOUNDED, **plain)
    for column in table.columns:
        column.overflow = "fold"
    console.print(table)
