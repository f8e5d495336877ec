"""The engine's SQLite settings, the unit of work, and the kiosk's start on both backends."""

import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from kiosk.cli import main
from kiosk.errors import DatabaseUnavailable
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.demo import DEMO_GUESTS, DEMO_HOSTS, seed_demo
from kiosk.store import engine as engine_module
from kiosk.store.engine import check_connection, create_engine


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'nested' / 'kiosk.sqlite3'}")
    with engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
        assert connection.scalar(text("PRAGMA foreign_keys")) == 1
        assert connection.scalar(text("PRAGMA busy_timeout")) >= 5000
    engine.dispose()


def test_an_unreachable_database_is_one_sentence_without_the_password() -> None:
    engine = create_engine("postgresql+psycopg://kiosk:hunter2@127.0.0.1:9/building")
    with pytest.raises(DatabaseUnavailable) as caught:
        check_connection(engine)
    message = str(caught.value)
    assert message.startswith("cannot reach the database at postgresql+psycopg://kiosk:***@")
    assert "hunter2" not in message and "\n" not in message


def test_opening_the_kiosk_upgrades_creates_the_key_and_the_site_once(
    database_url: str, make_settings
) -> None:
    settings = make_settings(**{"database.url": database_url, "site.name": "Menara A"})
    first = open_kiosk(settings)
    key = settings.key_file.read_bytes()
    again = open_kiosk(settings)
    assert first.site == again.site
    assert first.site.name == "Menara A"
    assert settings.key_file.read_bytes() == key


def test_demo_seeds_hosts_and_todays_guests(database_url: str, make_settings) -> None:
    kiosk = open_kiosk(make_settings(**{"database.url": database_url}))
    summary = seed_demo(kiosk)
    assert (summary.hosts, summary.invitations) == (len(DEMO_HOSTS), len(DEMO_GUESTS))
    assert kiosk.settings.badge_dir.is_dir()


def test_a_unit_of_work_left_without_commit_keeps_nothing(database_url: str, make_settings) -> None:
    kiosk = open_kiosk(make_settings(**{"database.url": database_url}))
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.create(kiosk.site.id, "member")
        uow.hosts.add(kiosk.site.id, subject.id)
    with kiosk.unit_of_work() as uow:
        assert uow.hosts.count(kiosk.site.id) == 0


def test_a_sqlite_file_another_program_keeps_locked_is_said_so(tmp_path, monkeypatch) -> None:
    """It was reported as "cannot reach the database", sending the operator to look for a
    network fault on a file on the same disk."""
    path = tmp_path / "kiosk.sqlite3"
    args = ["--database", f"sqlite:///{path}", "onsite"]
    env = {"KIOSK_DATA_DIR": str(tmp_path)}
    assert CliRunner().invoke(main, args, env=env).exit_code == 0
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    browser = sqlite3.connect(path, isolation_level=None)
    browser.execute("BEGIN EXCLUSIVE")
    try:
        locked = CliRunner().invoke(main, args, env=env)
    finally:
        browser.close()
    assert (locked.exit_code, locked.stderr) == (
        2,
        f"kiosk: the database file {path} is locked by another program (waited 0.2 s): close "
        "whatever holds it open (a database browser, a copy in progress) and try again\n",
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_running_kiosk_copies_the_log_into_the_database_off_the_guests_path(site) -> None:
    """At SQLite's default, one check-in in fifty copied the write-ahead log into the database
    file itself before its guest saw the badge; the kiosk's background work does it now."""
    from kiosk.services.background import OutboxWorker
    from kiosk.services.invitations.invite import invite
    from kiosk.services.visits.check_in import check_in
    from tests.builders import open_now

    path = site.settings.database_url.removeprefix("sqlite:///")

    def visits_in_the_file_itself() -> int:
        with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as file_only:
            return file_only.execute("SELECT count(*) FROM visits").fetchone()[0]

    for _ in range(60):  # more log than SQLite's default lets grow before a commit copies it
        check_in(site, invite(site, open_now(), "staff:test").id)
    assert visits_in_the_file_itself() == 0, "a check-in copied the log"

    worker = OutboxWorker(site, prints=False)
    worker.start()
    deadline = time.monotonic() + 10
    while visits_in_the_file_itself() < 60 and time.monotonic() < deadline:
        time.sleep(0.1)
    worker.stop()
    assert visits_in_the_file_itself() == 60
