"""The ``kiosk`` command line: thin commands over the services (see ARCHITECTURE.md)."""

from pathlib import Path

import click

from kiosk import __version__
from kiosk.cli.backups import backup, restore
from kiosk.cli.base import CliState, KioskGroup
from kiosk.cli.configuration import config, keys
from kiosk.cli.database import db
from kiosk.cli.deny import deny
from kiosk.cli.directory import hosts
from kiosk.cli.health import health
from kiosk.cli.invitations import expected, invite
from kiosk.cli.notify import notify
from kiosk.cli.outbox import outbox
from kiosk.cli.portal import serve
from kiosk.cli.printing import badge, printer, reprint_badge
from kiosk.cli.privacy import audit, data, policy
from kiosk.cli.requests import requests
from kiosk.cli.staff import staff
from kiosk.cli.subjects import purge_command, subject
from kiosk.cli.touchscreen import demo, run
from kiosk.cli.visits import checkin, checkout, onsite, walkin
from kiosk.cli.worker import worker


@click.group("kiosk", cls=KioskGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (else KIOSK_CONFIG, else the user config dir).",
)
@click.option("--database", metavar="URL", help="Database URL (else KIOSK_DATABASE_URL).")
@click.option("--printer", metavar="URI", help="Printer URI (else KIOSK_PRINTER).")
@click.version_option(__version__, prog_name="kiosk")
@click.pass_context
def main(ctx: click.Context, config_file: Path | None, database: str | None, printer: str | None):
    """Lobby kiosk: visitor check-in and badges, with every personal value tied to a purpose."""
    ctx.obj = CliState(config_file, {"database.url": database, "printer.uri": printer})


COMMANDS = (
    run,
    demo,
    db,
    health,
    backup,
    restore,
    config,
    keys,
    policy,
    audit,
    data,
    hosts,
    invite,
    expected,
    checkin,
    walkin,
    checkout,
    onsite,
    reprint_badge,
    badge,
    printer,
    deny,
    outbox,
    subject,
    requests,
    purge_command,
    serve,
    worker,
    staff,
    notify,
)
for command in COMMANDS:
    main.add_command(command)
