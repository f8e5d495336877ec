"""``kiosk health [--json]``: exit 0 when healthy, 1 when not, one line per check."""

import json

import click

from kiosk.cli.base import CliState, pass_state
from kiosk.services.health import HealthChecks, Status


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def health(state: CliState, as_json: bool) -> None:
    """Check this machine: database, schema, key file, audit log, printer, outbox, purge."""
    report = HealthChecks(state.settings).run(printer=True)
    if as_json:
        click.echo(json.dumps(report.as_dict()))
    else:
        for check in report.checks:
            line = f"{check.status:<8}{check.name:<10}{check.detail}"
            click.secho(line, fg=None if check.status is Status.OK else "red")
    if not report.healthy:
        raise SystemExit(1)
