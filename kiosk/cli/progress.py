"""A progress bar for CSV imports, and the report of bad rows."""

from collections.abc import Callable

import click
from rich.markup import escape
from rich.progress import Progress

from kiosk.cli.base import UserError
from kiosk.services.intake.csv_rows import CsvFile, ImportReport


def import_with_progress(
    file: CsvFile,
    skip_bad: bool,
    run: Callable[[CsvFile, Callable[[int], None]], ImportReport],
    noun: str,
) -> ImportReport:
    """Runs ``run`` with a bar over checking and importing; exit 2 listing bad rows when
    nothing was imported because of them."""
    with Progress(transient=True) as bar:
        task = bar.add_task(f"checking and importing {escape(file.name)}", total=file.row_count * 2)
        report = run(file, lambda n: bar.advance(task, n))
    for bad in report.bad:
        click.echo(f"{file.name}: {bad}", err=True)
    if report.bad and not skip_bad:
        raise UserError(
            f"{len(report.bad)} bad rows of {report.rows}; nothing imported "
            "(fix them, or use --skip-bad to import the rest)"
        )
    click.echo(f"imported {report.imported} {noun} of {report.rows} rows")
    return report
