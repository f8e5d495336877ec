"""``kiosk subject ...`` (access, erasure, consent withdrawal, legal holds) and ``kiosk purge``."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from rich.progress import Progress
from rich.table import Table

from kiosk.cli.base import ROW_ID, STAFF_ACTOR, CliState, pass_state
from kiosk.cli.tables import print_table
from kiosk.services.retention.purge import PurgeReport, purge
from kiosk.services.rights.requests import (
    PersonQuery,
    check_erasable,
    erase_people,
    export_people,
    hold,
    people_named,
    reapply_erasures,
    release,
    withdraw_consent,
    write_export,
)


def person_options(command: Callable) -> Callable:
    """--email, --phone and --visit: who the request is about (at least one)."""
    command = click.option("--visit", type=ROW_ID, help="A visit's number (kiosk onsite --json).")(
        command
    )
    command = click.option("--phone", help="The person's phone number.")(command)
    return click.option("--email", help="The person's email address.")(command)


def _query(email: str | None, phone: str | None, visit: int | None) -> PersonQuery:
    if not (email or phone or visit):
        raise click.UsageError("name the person: --email, --phone or --visit")
    return PersonQuery(email, phone, visit)


@click.group()
def subject() -> None:
    """Requests from the people the kiosk holds data about."""


@subject.command()
@person_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the JSON file and the page (default: exports/ in the data folder).",
)
@pass_state
def export(
    state: CliState, email: str | None, phone: str | None, visit: int | None, out: Path | None
) -> None:
    """Everything held about a person: a JSON file and a page in each of the site's languages,
    readable by the kiosk's user only."""
    document = export_people(state.kiosk, _query(email, phone, visit), STAFF_ACTOR)
    data, page = write_export(state.kiosk, document, out)
    values = sum(len(person["values"]) for person in document["people"])
    click.echo(f"{len(document['people'])} people, {values} values: {data} and {page}")


@subject.command()
@person_options
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--force", is_flag=True, help="Erase a guest who is in the building now too.")
@pass_state
def erase(
    state: CliState,
    email: str | None,
    phone: str | None,
    visit: int | None,
    yes: bool,
    force: bool,
) -> None:
    """Erase a person's data everywhere, except what a legal obligation must keep. Shows who
    matched first; a guest in the building is refused unless --force."""
    query = _query(email, phone, visit)
    matches = people_named(state.kiosk, query)
    table = Table("name", "who", "visits", "in the building now", "legal hold until")
    for match in matches:
        inside = f"yes (visit {match.on_site_visit})" if match.on_site_visit else "no"
        held = f"{match.held_until:%Y-%m-%d}" if match.held_until else "-"
        table.add_row(match.name or "(no name)", match.kind, str(match.visits), inside, held)
    print_table(table)
    check_erasable(matches, force)
    question = f"Erase everything held about these {len(matches)} people? This cannot be undone"
    if len(matches) == 1:
        question = "Erase everything held about this person? This cannot be undone"
    if not yes and not click.confirm(question):
        click.echo("nothing erased")
        return
    report = erase_people(state.kiosk, query, STAFF_ACTOR, force=force)
    click.echo(f"erased {report.values_erased} values of {report.people} people")
    for kept in report.kept:
        until = f"{kept.retention_until:%Y-%m-%d}" if kept.retention_until else "the visit ends"
        click.echo(f"kept for a legal obligation: {kept.field} ({kept.purpose}) until {until}")


@subject.command()
@person_options
@click.option("--purpose", required=True, help="The consent-based purpose, e.g. visitor-marketing.")
@pass_state
def withdraw(
    state: CliState, email: str | None, phone: str | None, visit: int | None, purpose: str
) -> None:
    """Withdraw a consent: the purpose stops at once and what only it used is erased."""
    erased = withdraw_consent(state.kiosk, _query(email, phone, visit), purpose, STAFF_ACTOR)
    click.echo(f"consent for {purpose} withdrawn; {erased} values erased")


@subject.command("hold")
@person_options
@click.option("--reason", required=True, help="A case number or legal reference (no names).")
@click.option("--until", "until", required=True, type=click.DateTime(["%Y-%m-%d"]))
@pass_state
def hold_(
    state: CliState,
    email: str | None,
    phone: str | None,
    visit: int | None,
    reason: str,
    until: datetime,
) -> None:
    """Keep a person's data from purge and erasure until a date."""
    zone = ZoneInfo(state.kiosk.site.timezone)
    count = hold(
        state.kiosk, _query(email, phone, visit), reason, until.replace(tzinfo=zone), STAFF_ACTOR
    )
    click.echo(f"{count} people held until {until:%Y-%m-%d}")


@subject.command("release")
@person_options
@pass_state
def release_(state: CliState, email: str | None, phone: str | None, visit: int | None) -> None:
    """End a person's legal holds now."""
    click.echo(f"{release(state.kiosk, _query(email, phone, visit), STAFF_ACTOR)} holds released")


@subject.command("reapply-erasures")
@pass_state
def reapply(state: CliState) -> None:
    """After restoring a backup: erase again everyone erased since (from the erasure ledger)."""
    click.echo(f"{reapply_erasures(state.kiosk, STAFF_ACTOR)} erasures applied again")


def _say(report: PurgeReport) -> None:
    verb = "would purge" if report.dry_run else "purged"
    table = Table(
        "field", "purpose", "values", title=f"{verb} {sum(report.values.values())} values"
    )
    for (field, purpose), count in sorted(report.values.items()):
        table.add_row(field, purpose, str(count))
    print_table(table)
    for action, count in sorted(report.actions.items()):
        click.echo(f"{action}: {count}")
    for change in report.retention_changes:
        click.echo(f"retention changed: {change}")
    if report.requests:
        click.echo(f"{verb} {report.requests} answered requests past their record's retention")
    if not report.dry_run:
        click.echo(
            f"{report.people} people's records removed; {report.visits_counted} visits kept as "
            "anonymous counts"
        )


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Say what would go; change nothing.")
@click.option("--confirm-shorter", is_flag=True, help="Apply a retention made shorter.")
@pass_state
def purge_command(state: CliState, dry_run: bool, confirm_shorter: bool) -> None:
    """Remove every value past its retention (the running kiosk does this daily)."""
    with Progress(transient=True) as bar:
        task = bar.add_task("purging", total=None)
        report = purge(
            state.kiosk,
            dry_run=dry_run,
            confirm_shorter=confirm_shorter,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    _say(report)
