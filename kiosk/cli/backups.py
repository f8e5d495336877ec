"""``kiosk backup --out DIR`` and ``kiosk restore DIR [--yes]``."""

from pathlib import Path

import click

from kiosk.cli.base import STAFF_ACTOR, CliState, pass_state
from kiosk.services.backups import Manifest, check_backup, restore_backup, take_backup


def _rows(counts: dict[str, int]) -> str:
    return ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in counts.items())


@click.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A new (or empty) folder for this backup.",
)
@pass_state
def backup(state: CliState, out: Path) -> None:
    """A consistent copy of the database, while kiosks run, with its manifest."""
    manifest = take_backup(state.settings, out)
    click.echo(f"backup of {manifest.site} (schema {manifest.schema}) in {out}")
    click.echo(f"holds: {_rows(manifest.counts)}")
    click.echo(
        f"the key file is not in it: keep {state.settings.key_file} backed up apart "
        "(without it this backup cannot be read; with it, anyone can)"
    )


def _describe(manifest: Manifest) -> str:
    return f"{manifest.site}'s backup of {manifest.taken_at} (schema {manifest.schema})"


@click.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before restoring.")
@pass_state
def restore(state: CliState, folder: Path, yes: bool) -> None:
    """Restore a backup into an empty database; the erased stay erased."""
    manifest = check_backup(state.settings, folder)
    if not yes:
        click.confirm(f"Restore {_describe(manifest)} into the empty database?", abort=True)
    restored = restore_backup(state.settings, folder, STAFF_ACTOR)
    click.echo(f"restored {_describe(manifest)}: {_rows(restored.counts)}")
    click.echo(f"{restored.erased_again} people erased after the backup erased again")
    verdict = "verified" if not restored.audit.problems else "; ".join(restored.audit.problems)
    click.echo(f"audit log: {restored.audit.entries} entries, the restore recorded, {verdict}")
