"""A progress bar for CSV imports, and the report of bad rows."""

from collections.abc import Callable
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import Progress

from kiosk.cli.base import UserError
from kiosk.services.intake.csv_rows import ImportReport, count_rows


def import_with_progress(
    file: Path, skip_bad: bool, run: Callable[[Callable[[int], None]], ImportReport], noun: str
) -> ImportReport:
    """Runs ``run`` with a bar over checking and importing; exit 2 listing bad rows when
    nothing was imported because of them."""
    with Progress(transient=True) as bar:
        task = bar.add_task(
            f"checking and importing {escape(file.name)}", total=count_rows(file) * 2
        )
        report = run(lambda n: bar.advance(task, n))
    for bad in report.bad:
        click.echo(f"{file}: {bad}", err=True)
    if report.bad and not skip_bad:
        raise UserError(
            f"{len(report.bad)} bad rows of {report.rows}; nothing imported "
            "(fix them, or use --skip-bad to import the rest)"
        )
    click.echo(f"imported {report.imported} {noun} of {report.rows} rows")
    return report
