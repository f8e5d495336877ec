"""The command-line contract: help, config show, db upgrade/current, and the exit codes."""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kiosk.cli import COMMANDS, main
from kiosk.services.lobby.staff_pin import pin_matches


def kiosk(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_help_lists_the_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("run", "demo", "db", "config"):
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_loads_under_its_own_name(name: str) -> None:
    """The lazy table points at a real command, and the one the name says."""
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command) and command.name == name


def test_config_show_prints_settings_with_secrets_masked(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[site]\nname = "Menara A"\n[mail]\nsmtp_url = "smtps://m:pw9@mail:465"\n')
    result = kiosk("--config", str(config), "config", "show", "--json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["site.name"] == {"value": "Menara A", "source": str(config)}
    assert shown["mail.smtp_url"]["value"] == "smtps://m:***@mail:465"
    assert "pw9" not in result.stdout


def test_a_bad_setting_is_one_line_and_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[site]\ntimezone = "Jakarta"\n')
    result = kiosk("--config", str(config), "config", "show")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "site.timezone: 'Jakarta' is not a known time zone" in result.stderr
    assert "Traceback" not in result.output


def test_db_upgrade_then_current(empty_database_url: str, tmp_path: Path) -> None:
    env = {"KIOSK_DATA_DIR": str(tmp_path)}
    before = kiosk("--database", empty_database_url, "db", "current", env=env)
    assert before.exit_code == 0 and "empty (no schema yet)" in before.stdout
    upgraded = kiosk("--database", empty_database_url, "db", "upgrade", env=env)
    assert upgraded.exit_code == 0 and "(up to date)" in upgraded.stdout
    after = kiosk("--database", empty_database_url, "db", "current", env=env)
    assert after.stdout == upgraded.stdout


@pytest.mark.parametrize("command", [["db", "current"], ["db", "upgrade"], ["onsite"]])
def test_an_unreachable_database_is_one_line_and_exit_2(command: list[str]) -> None:
    """(``kiosk run`` waits for the database instead: see test_demo_command.py.)"""
    url = "postgresql://kiosk:hunter2@127.0.0.1:9/building"
    result = kiosk("--database", url, *command)
    assert result.exit_code == 2
    assert result.stderr.startswith("kiosk: cannot reach the database at postgresql+psycopg://")
    assert result.stderr.count("\n") == 1 and "hunter2" not in result.stderr


def test_an_unexpected_fault_exits_1_and_names_the_log(tmp_path: Path, monkeypatch) -> None:
    def broken(_settings):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("kiosk.cli.database.database_state", broken)
    result = kiosk("db", "current", env={"KIOSK_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1
    log = tmp_path / "logs" / "kiosk.log"
    assert result.stderr == f"kiosk: unexpected error: disk on fire (details in {log})\n"
    assert "Traceback" in log.read_text() and "disk on fire" in log.read_text()


def test_hash_pin_prints_a_setting_the_kiosk_accepts() -> None:
    result = CliRunner().invoke(main, ["config", "hash-pin"], input="246802\n246802\n")
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if line.startswith("staff_pin_hash"))
    assert pin_matches("246802", line.split('"')[1])
    assert not pin_matches("246803", line.split('"')[1])
    short = CliRunner().invoke(main, ["config", "hash-pin", "--pin", "24680"])
    assert short.exit_code == 2 and "6 to 12 digits" in short.stderr


@pytest.mark.parametrize("setting", ["246802", "scrypt$16384$8$1$c2FsdA==", "$2b$12$abcdefgh"])
def test_a_staff_pin_setting_that_is_not_a_pin_hash_is_refused_at_start(
    tmp_path: Path, setting: str
) -> None:
    """The PIN itself pasted into the settings file would be accepted, and no PIN could then
    open staff mode."""
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nstaff_pin_hash = "{setting}"\n')
    result = kiosk("--config", str(config), "config", "show")
    assert result.exit_code == 2
    assert result.stderr == (
        f"kiosk: {config}: kiosk.staff_pin_hash: is not a PIN hash: set it to what "
        "`kiosk config hash-pin` prints, never the PIN itself\n"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["invite", "--date", "1 Dec"],
            "kiosk: invite: Invalid value for '--date': '1 Dec' does not match the format "
            "'%Y-%m-%d'. (see kiosk invite --help)\n",
        ),
        (
            ["chekin", "X"],
            "kiosk: No such command 'chekin'. Did you mean 'checkin'? (see kiosk --help)\n",
        ),
        (["--colour"], "kiosk: No such option '--colour'. (see kiosk --help)\n"),
        (
            ["policy", "ropa", "--format", "xml"],
            "kiosk: policy ropa: Invalid value for '--format': 'xml' is not one of 'csv', "
            "'md'. (see kiosk policy ropa --help)\n",
        ),
    ],
)
def test_a_wrong_argument_is_one_line_and_exit_2(args: list[str], line: str) -> None:
    result = kiosk(*args)
    assert (result.exit_code, result.stderr) == (2, line)


def test_an_unexpected_fault_is_one_line_in_a_real_process_too(tmp_path: Path) -> None:
    """python-escpos calls logging.basicConfig() when imported: every unexpected error printed
    its 100-line traceback on the terminal as well as in the log."""
    script = (
        "import kiosk.cli.printing as printing\n"
        "def broken(_kiosk):\n"
        "    raise RuntimeError('disk on fire')\n"
        "printing.printer_status = broken\n"
        "from kiosk.cli import main\n"
        "main()\n"
    )
    database = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", script, "--database", database, "printer", "status"],
        capture_output=True,
        text=True,
        env={**os.environ, "KIOSK_DATA_DIR": str(tmp_path)},
        timeout=60,
    )
    log = tmp_path / "logs" / "kiosk.log"
    assert result.returncode == 1
    assert result.stderr == f"kiosk: unexpected error: disk on fire (details in {log})\n"
    assert "Traceback" in log.read_text()


def test_kiosks_starting_together_or_after_a_power_cut_read_the_printer_database(
    tmp_path: Path,
) -> None:
    """python-escpos keeps its parsed printer database in one file that every start reads: a
    copy cut short (a power cut while it was written) stopped every later start, and two
    processes starting on a fresh machine read each other's half-written copy."""
    cache = tmp_path / "escpos-cache"
    cache.mkdir()
    (cache / f"{platform.python_version()}.capabilities.pickle").write_bytes(b"\x80\x04")
    env = {**os.environ, "ESCPOS_CAPABILITIES_PICKLE_DIR": str(cache)}
    check = "import kiosk.badge.printers; print('ok')"
    damaged = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, timeout=60
    )
    assert (damaged.returncode, damaged.stdout) == (0, "ok\n")
    for stale in cache.glob("*.pickle"):
        stale.unlink()
    together = [
        subprocess.Popen([sys.executable, "-c", check], stdout=subprocess.PIPE, env=env)
        for _ in range(6)
    ]
    assert [process.communicate(timeout=60)[0] for process in together] == [b"ok\n"] * 6


def test_the_global_options_work_after_the_command_too(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[site]\nname = "Menara A"\n')
    database = f"sqlite:///{tmp_path / 'k.sqlite3'}"
    after = kiosk("config", "show", "--json", "--config", str(config), f"--database={database}")
    shown = json.loads(after.stdout)
    assert shown["site.name"]["source"] == str(config)
    assert shown["database.url"] == {"value": database, "source": "command line"}
    onsite = kiosk("onsite", "--json", "--database", database, "--config", str(config))
    assert (onsite.exit_code, json.loads(onsite.stdout)) == (0, [])


def test_config_show_prints_a_long_path_whole(tmp_path: Path) -> None:
    deep = tmp_path / ("gedung-menara-sudirman-" * 6) / "kiosk.sqlite3"
    result = kiosk("--database", f"sqlite:///{deep}", "config", "show")
    assert f"sqlite:///{deep}" in result.stdout
