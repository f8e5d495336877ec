"""``kiosk policy show | fields | check FILE | ropa | export`` and ``kiosk audit verify``."""

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from kiosk.cli.base import STAFF_ACTOR, CliState, LanguageChoice, UserError, pass_state
from kiosk.cli.tables import print_table
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.records.data_check import check_stored_values
from kiosk.services.records.policy import (
    accept_restored_log,
    check_registry_file,
    describe_fields,
    describe_policy,
    registry_export,
    verify_audit,
)
from kiosk.services.rights.request_clock import record_with_requests

language_option = click.option("--lang", type=LanguageChoice(), help="Default: the site's.")
json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


@click.group()
def policy() -> None:
    """The purpose registry drawn from the operator's privacy policy."""


@policy.command()
@language_option
@json_option
@pass_state
def show(state: CliState, lang: str | None, as_json: bool) -> None:
    """The controller, and every purpose with its data categories, legal basis and retention
    here."""
    described = describe_policy(state.settings, lang or state.settings.language)
    lines = described.purposes
    if as_json:
        click.echo(json.dumps(asdict(described), ensure_ascii=False))
        return
    amends = f" (amends {described.amends})" if described.amends else ""
    title = f"{described.version}{amends}\ncontroller: {described.controller} <{described.contact}>"
    table = Table(title=title, show_lines=True)
    for column in ("purpose", "for", "data", "legal basis", "retention", "policy", "here"):
        table.add_column(column)
    for line in lines:
        purpose = Text.assemble(line.label, "\n", (line.key, "dim"))
        here = "performed" if line.performed else "on" if line.enabled else "off"
        categories = "\n".join(line.categories)
        row = (line.subjects, categories, line.basis, line.retention, line.cites, here)
        table.add_row(purpose, *row)
    print_table(table)


@policy.command()
@language_option
@json_option
@pass_state
def fields(state: CliState, lang: str | None, as_json: bool) -> None:
    """Every field: its category, the purposes it is held for here (basis, retention), and
    why it is asked."""
    version, lines = describe_fields(state.settings, lang or state.settings.language)
    if as_json:
        click.echo(
            json.dumps(
                {"version": version, "fields": [asdict(line) for line in lines]},
                ensure_ascii=False,
            )
        )
        return
    table = Table(title=f"{version}", show_lines=True)
    for column in ("field", "category", "held for", "legal basis", "retention", "why we ask"):
        table.add_column(column)
    for line in lines:
        name = Text.assemble(line.label, "\n", (line.key, "dim"))
        held = "\n".join(p.label for p in line.purposes) or "-"
        bases = "\n".join(p.basis for p in line.purposes) or "-"
        kept = "\n".join(p.retention for p in line.purposes) or "-"
        table.add_row(name, line.category, held, bases, kept, line.why)
    print_table(table)


@policy.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path) -> None:
    """Validate a registry file; the first mistake is named with its line."""
    summary = check_registry_file(file)
    counts = f"{summary.purposes} purposes, {summary.fields} fields"
    click.echo(f"{file}: policy {summary.version} is valid: {counts}")
    for warning in summary.warnings:
        click.echo(f"{file}: warning: {warning}", err=True)


@policy.command()
@click.option(
    "--format", "style", type=click.Choice(["csv", "md"]), default="md", show_default=True
)
@click.option("--lang", type=LanguageChoice(), default="en", show_default=True)
@pass_state
def ropa(state: CliState, style: str, lang: str) -> None:
    """The record of processing activities (GDPR Art. 30, with the UU PDP basis)."""
    click.echo(record_with_requests(state.kiosk, style, lang), nl=False)


@policy.command("export")
@click.option("--format", "style", type=click.Choice(["fideslang", "dpv"]), required=True)
@pass_state
def export_(state: CliState, style: str) -> None:
    """The registry's processing here, as fideslang YAML or DPV JSON-LD."""
    click.echo(registry_export(state.settings, style))


@click.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command("accept-restore")
@pass_state
def accept_restore(state: CliState) -> None:
    """After restoring the database from a backup on purpose: take the log as it now is (an
    entry records it), so verification no longer reports the rollback."""
    report = accept_restored_log(open_kiosk(state.settings), STAFF_ACTOR)
    if report.problems:
        raise UserError(f"restore accepted, but the log is damaged: {'; '.join(report.problems)}")
    click.echo(f"restore accepted; audit log intact: {report.entries} entries")


@audit.command()
@pass_state
def verify(state: CliState) -> None:
    """Check that no audit entry was edited, removed or reordered (exit 2 if one was)."""
    report = verify_audit(open_kiosk(state.settings))
    if report.problems:
        raise UserError(f"audit log damaged: {'; '.join(report.problems)}")
    click.echo(f"audit log intact: {report.entries} entries")


@click.group()
def data() -> None:
    """The personal values the kiosk holds."""


@data.command("check")
@pass_state
def data_check(state: CliState) -> None:
    """Read back every encrypted value; name each that no longer decrypts (exit 2 if one)."""
    report = check_stored_values(state.kiosk)
    for value in report.damaged:
        click.echo(f"damaged: {value.field} for {value.purpose}, person {value.person}")
    if report.damaged:
        raise UserError(
            f"{len(report.damaged)} of {report.values} encrypted values do not decrypt: "
            "restore them from a backup, or erase them (kiosk subject erase)"
        )
    click.echo(f"all {report.values} encrypted values decrypt")
