"""The ``kiosk`` command line: thin commands over the services (see ARCHITECTURE.md)."""

from pathlib import Path

import click

from kiosk import __version__
from kiosk.cli.base import CliState, KioskGroup

COMMANDS = {
    "run": "touchscreen:run",
    "demo": "touchscreen:demo",
    "db": "database:db",
    "health": "health:health",
    "backup": "backups:backup",
    "restore": "backups:restore",
    "config": "configuration:config",
    "keys": "configuration:keys",
    "policy": "privacy:policy",
    "audit": "privacy:audit",
    "data": "privacy:data",
    "hosts": "directory:hosts",
    "invite": "invitations:invite",
    "expected": "invitations:expected",
    "checkin": "visits:checkin",
    "walkin": "visits:walkin",
    "checkout": "visits:checkout",
    "onsite": "visits:onsite",
    "reprint": "printing:reprint_badge",
    "badge": "printing:badge",
    "printer": "printing:printer",
    "deny": "deny:deny",
    "outbox": "outbox:outbox",
    "subject": "subjects:subject",
    "requests": "requests:requests",
    "purge": "subjects:purge_command",
    "serve": "portal:serve",
    "worker": "worker:worker",
    "staff": "staff:staff",
    "notify": "notify:notify",
}
"""Each command by name, as ``module:attribute`` of this package: a command's module (and what
it needs: SQLAlchemy, the services, Kivy) is imported only when that command runs, so that
``kiosk run`` shows its first frame sooner."""


@click.group(
    "kiosk",
    cls=KioskGroup,
    lazy_commands=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
