"""``kiosk hosts add | import FILE.csv | list | deactivate EMAIL | reactivate EMAIL | notify``."""

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

from kiosk.cli.base import (
    STAFF_ACTOR,
    CliState,
    LanguageChoice,
    field_option,
    pass_state,
    registry_values,
)
from kiosk.cli.progress import import_with_progress
from kiosk.cli.tables import print_table
from kiosk.privacy.gateway import Source
from kiosk.privacy.registry import Subject
from kiosk.services.directory.csv_import import import_hosts
from kiosk.services.directory.hosts import (
    NewHost,
    add_to_directory,
    deactivate_host,
    host_by_email,
    list_hosts,
    reactivate_host,
)
from kiosk.services.directory.notify_choice import choose_notify, notify_choice
from kiosk.services.intake.csv_rows import CsvFile


@click.group()
def hosts() -> None:
    """The member directory: the hosts guests visit."""


@hosts.command()
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--phone")
@click.option("--company")
@click.option("--unit", help="Floor or unit.")
@click.option("--lang", "language", type=LanguageChoice(), help="Default: the site's.")
@field_option
@pass_state
def add(state: CliState, field_pairs: tuple[str, ...], **named: str | None) -> None:
    """Add a host."""
    named["language"] = named["language"] or state.settings.language
    host = NewHost(registry_values(Subject.MEMBER, named, field_pairs))
    add_to_directory(state.kiosk, host, STAFF_ACTOR)
    click.echo(f"added {named['name']} <{named['email']}>")


@hosts.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-bad", is_flag=True, help="Import the good rows even if some are bad.")
@pass_state
def import_(state: CliState, file: Path, skip_bad: bool) -> None:
    """Add hosts from a CSV file (name,email[,phone,company,unit,language])."""
    import_with_progress(
        CsvFile.read(file),
        skip_bad,
        lambda csv_file, progress: import_hosts(
            state.kiosk, csv_file, STAFF_ACTOR, skip_bad=skip_bad, progress=progress
        ),
        "hosts",
    )


@hosts.command("list")
@click.option("--all", "include_inactive", is_flag=True, help="Include deactivated hosts.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def list_(state: CliState, include_inactive: bool, as_json: bool) -> None:
    """List the directory."""
    views = list_hosts(state.kiosk, include_inactive=include_inactive)
    if as_json:
        click.echo(json.dumps([asdict(view) for view in views], ensure_ascii=False))
        return
    table = Table("name", "email", "company", "unit", "lang", "active")
    for view in views:
        active = "yes" if view.active else "no"
        table.add_row(
            view.name, view.email, view.company or "", view.unit or "", view.language, active
        )
    print_table(table)


@hosts.command()
@click.argument("email")
@pass_state
def deactivate(state: CliState, email: str) -> None:
    """Take a host out of the directory (their past visits stay)."""
    view = deactivate_host(state.kiosk, email, STAFF_ACTOR)
    click.echo(f"deactivated {view.name} <{view.email}>")


@hosts.command()
@click.argument("email")
@pass_state
def reactivate(state: CliState, email: str) -> None:
    """Bring a host taken out back into the directory."""
    view = reactivate_host(state.kiosk, email, STAFF_ACTOR)
    click.echo(f"reactivated {view.name} <{view.email}>")


@hosts.command("notify")
@click.argument("email")
@click.option(
    "--via",
    required=True,
    metavar="email|phone|URL",
    help="Email (the default), the site's phone channel, or an address of their own.",
)
@pass_state
def notify_(state: CliState, email: str, via: str) -> None:
    """Choose how a host is told that their guest has arrived."""
    kiosk = state.kiosk
    way, address = (via, None) if via in ("email", "phone") else ("address", via)
    host = host_by_email(kiosk, email)
    choose_notify(kiosk, host.id, way, address, STAFF_ACTOR, Source.STAFF_ENTERED, host.language)
    shown = notify_choice(kiosk, host.id)
    click.echo(f"{host.name} is told by {shown.address if shown.via == 'address' else shown.via}")
