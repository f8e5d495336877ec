"""What every command shares: the global options, settings loaded once, and the exit contract.

A :class:`~kiosk.errors.KioskError` prints one line and exits 2; anything unexpected is logged
with its traceback and exits 1 naming the log file; success exits 0.
"""

import importlib
import logging
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import platformdirs

from kiosk.errors import KioskError
from kiosk.languages import language_codes
from kiosk.settings import APP_NAME, Settings, load_settings

if TYPE_CHECKING:
    from kiosk.services.kiosk import Kiosk

STAFF_ACTOR = "staff:cli"
"""How the command line signs what it records: the operator at the terminal."""

log = logging.getLogger("kiosk")


class UserError(click.ClickException):
    """One line for the person at the terminal, exit 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"kiosk: {self.message}", err=True, file=file)


@dataclass
class CliState:
    config_file: Path | None
    overrides: dict[str, Any]
    _settings: Settings | None = field(default=None, init=False)
    _kiosk: "Kiosk | None" = field(default=None, init=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_file, overrides=self.overrides)
        return self._settings

    @property
    def kiosk(self) -> "Kiosk":
        """The site's kiosk, opened (and its schema upgraded) on first use."""
        if self._kiosk is None:
            from kiosk.services.bootstrap import open_kiosk  # the database's modules, when used

            self._kiosk = open_kiosk(self.settings)
        return self._kiosk

    def override(self, key: str, value: Any) -> None:
        """Sets ``key`` as if given on the command line, before the kiosk is opened."""
        self.overrides[key] = value
        self._settings = None

    def settings_with(self, overrides: dict[str, Any]) -> Settings:
        return load_settings(self.config_file, overrides=self.overrides | overrides)

    def log_file(self) -> Path:
        log_dir = (
            self._settings.log_dir if self._settings else Path(platformdirs.user_log_dir(APP_NAME))
        )
        return log_dir / "kiosk.log"


def _one_line(error: click.UsageError) -> UserError:
    """A wrong argument in one line, naming the command and where its help is."""
    path = error.ctx.command_path if error.ctx else "kiosk"
    command = path.partition(" ")[2]
    where = f"{command}: " if command else ""
    return UserError(f"{where}{error.format_message()} (see {path} --help)")


GLOBAL_OPTIONS = ("--config", "--database", "--printer")


def _globals_first(args: list[str]) -> list[str]:
    """The global options wherever they were given (``kiosk onsite --config FILE`` too), put
    before the command, as click reads them."""
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            kept.extend(args[index:])
            break
        width = 1
        if arg.partition("=")[0] in GLOBAL_OPTIONS:
            width += "=" not in arg and index + 1 < len(args)
            moved.extend(args[index : index + width])
        else:
            kept.append(arg)
        index += width
    return moved + kept


class KioskGroup(click.Group):
    """Translates our errors into the exit contract for every subcommand, takes the global
    options after a command as well as before it, and imports a command's module only when
    the command is asked for."""

    def __init__(self, *args, lazy_commands: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._lazy)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self._lazy:
            return None
        module, _, attribute = self._lazy[name].partition(":")
        return getattr(importlib.import_module(f"kiosk.cli.{module}"), attribute)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as error:
            raise click.exceptions.NoSuchCommand(
                error.command_name, possibilities=list(self._lazy), ctx=ctx
            ) from None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _globals_first(args))

    def make_context(self, *args, **kwargs) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as error:
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KioskError as error:
            raise UserError(str(error)) from None
        except click.UsageError as error:
            raise _one_line(error) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            path = _log_unexpected(ctx.find_object(CliState), error)
            click.echo(f"kiosk: unexpected error: {error} (details in {path})", err=True)
            ctx.exit(1)


def _log_unexpected(state: CliState | None, error: Exception) -> Path:
    path = state.log_file() if state else Path(platformdirs.user_log_dir(APP_NAME)) / "kiosk.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.error("unexpected error", exc_info=error)
    handler.close()
    log.removeHandler(handler)
    return path


pass_state = click.make_pass_decorator(CliState)


ROW_ID = click.IntRange(1, 2**31 - 1)
"""A row's id or a number as the database keeps them: a larger one names nothing."""

field_option = click.option(
    "--field",
    "field_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Any field of the registry asked here, by its key without the subject "
    "(e.g. parking_plate=B1234XYZ); repeat for more.",
)


def registry_values(
    subject: str, named: dict[str, object], field_pairs: tuple[str, ...]
) -> dict[str, object]:
    """Values by registry field from named options (``{"name": ...}``) and ``--field KEY=VALUE``
    options: ``{"visitor.name": ..., "visitor.parking_plate": ...}``."""
    values = {
        f"{subject}.{key}": value for key, value in named.items() if value not in (None, False)
    }
    for pair in field_pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError(f"--field {pair!r}: give it as KEY=VALUE, e.g. parking_plate=B1234XYZ")
        if f"{subject}.{key}" in values:
            raise UserError(f"{key} is given twice")
        values[f"{subject}.{key}"] = value
    return values


class LanguageChoice(click.Choice):
    """A language of :mod:`kiosk.languages`, read when the command runs."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        return language_codes()

    @choices.setter
    def choices(self, _value) -> None:
        """The table is the only source of choices."""
