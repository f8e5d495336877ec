"""``kiosk policy show | check FILE`` and ``kiosk audit verify``."""

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kiosk.cli.base import CliState, LanguageChoice, UserError, pass_state
from kiosk.privacy.records import dpv_jsonld, fideslang_yaml, ropa_csv, ropa_markdown
from kiosk.services.bootstrap import open_kiosk, site_policy
from kiosk.services.records.policy import check_registry_file, describe_policy, verify_audit


@click.group()
def policy() -> None:
    """The purpose registry drawn from the operator's privacy policy."""


@policy.command()
@click.option("--lang", type=LanguageChoice(), help="Default: the site's.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def show(state: CliState, lang: str | None, as_json: bool) -> None:
    """Print every purpose with its legal basis and retention."""
    version, lines = describe_policy(state.settings, lang or state.settings.language)
    if as_json:
        purposes = [asdict(line) for line in lines]
        click.echo(json.dumps({"version": version, "purposes": purposes}, ensure_ascii=False))
        return
    table = Table(title=f"{version}", show_lines=True)
    for column in ("purpose", "for", "legal basis", "retention", "policy", "here"):
        table.add_column(column)
    for line in lines:
        purpose = f"{line.label}\n[dim]{line.key}[/dim]"
        here = "on" if line.enabled else "off"
        table.add_row(purpose, line.subjects, line.basis, line.retention, line.cites, here)
    Console(width=160).print(table)


@policy.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(file: Path) -> None:
    """Validate a registry file; the first mistake is named with its line."""
    summary = check_registry_file(file)
    counts = f"{summary.purposes} purposes, {summary.fields} fields"
    click.echo(f"{file}: policy {summary.version} is valid: {counts}")


@policy.command()
@click.option(
    "--format", "style", type=click.Choice(["csv", "md"]), default="md", show_default=True
)
@pass_state
def ropa(state: CliState, style: str) -> None:
    """The record of processing activities (GDPR Art. 30, with the UU PDP basis)."""
    site = site_policy(state.settings)
    click.echo(ropa_csv(site) if style == "csv" else ropa_markdown(site), nl=False)


@policy.command("export")
@click.option("--format", "style", type=click.Choice(["fideslang", "dpv"]), required=True)
@pass_state
def export_(state: CliState, style: str) -> None:
    """The registry as fideslang YAML or DPV JSON-LD."""
    site = site_policy(state.settings)
    click.echo(fideslang_yaml(site) if style == "fideslang" else dpv_jsonld(site))


@click.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command()
@pass_state
def verify(state: CliState) -> None:
    """Check that no audit entry was edited, removed or reordered (exit 2 if one was)."""
    report = verify_audit(open_kiosk(state.settings))
    if report.problems:
        raise UserError(f"audit log damaged: {'; '.join(report.problems)}")
    click.echo(f"audit log intact: {report.entries} entries")
