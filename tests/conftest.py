"""Fixtures shared by every test: an isolated environment, the pinned clock, and databases on
both backends.

Data-layer tests take ``database_url`` and run once on SQLite and once on PostgreSQL
(127.0.0.1:5432, user postgres, trust auth; KIOSK_TEST_POSTGRES_URL overrides), each on a copy
of a database migrated once per run (``empty_database_url`` gives one without a schema). Each
run creates its own PostgreSQL databases and drops them afterwards. With CI=true an
unreachable PostgreSQL fails those tests instead of skipping them.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from kiosk import clock
from kiosk.settings import Settings, load_settings
from tests.builders import SUITE_NOW, member

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
QUIET = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Flags that keep Chromium from calling out to the network it cannot reach here."""
POSTGRES_URL = os.environ.get(
    "KIOSK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


INVOCATIONS: list[tuple[str, ...]] = []
"""Every ``kiosk`` command line the tests ran in this process."""


def pytest_configure(config: pytest.Config) -> None:
    from kiosk.cli.base import KioskGroup

    run_command = KioskGroup.main

    def recorded(self, args=None, *more, **options):
        INVOCATIONS.append(tuple(args or ()))
        return run_command(self, args, *more, **options)

    KioskGroup.main = recorded


def _whole_suite(config: pytest.Config) -> bool:
    selected = config.option.keyword or config.option.markexpr or config.option.deselect
    return config.args_source is pytest.Config.ArgsSource.TESTPATHS and not selected


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true a skipped test fails the run: CI has everything every test needs. A whole
    run fails if a command the README shows was never run as shown."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if exitstatus != pytest.ExitCode.OK or reporter is None:
        return
    skipped = reporter.stats.get("skipped", [])
    if os.environ.get("CI") == "true" and skipped:
        reporter.write_line(f"CI=true: {len(skipped)} skipped tests fail the run", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if _whole_suite(session.config):
        from tests.readme_commands import never_run

        missing = never_run(INVOCATIONS)
        for usage in missing:
            reporter.write_line(f"README shows, no test ran: {usage}", red=True)
        if missing:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own settings, data or KIOSK_* variables."""
    for name in list(os.environ):
        if name.startswith("KIOSK_") and name != "KIOSK_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "home" / variable.lower()))
    offset = clock.set_now(SUITE_NOW)
    monkeypatch.setenv(clock.OFFSET_VARIABLE, str(offset.total_seconds()))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[psycopg.Connection]:
    """An administrative connection to the local PostgreSQL server."""
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with admin:
        yield admin


def _kiosk_url(name: str) -> str:
    return POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql:", "postgresql+psycopg:") + f"/{name}"


def _new_postgres(admin: psycopg.Connection, template: str | None = None) -> str:
    name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    admin.execute(statement)
    return name


def _drop_postgres(admin: psycopg.Connection, name: str) -> None:
    admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def _migrate(url: str) -> None:
    from kiosk.store import migrate
    from kiosk.store.engine import create_engine

    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: psycopg.Connection) -> Iterator[str]:
    """A PostgreSQL database migrated to the newest schema, for tests to copy."""
    name = _new_postgres(postgres_server)
    try:
        _migrate(_kiosk_url(name))
        yield name
    finally:
        _drop_postgres(postgres_server, name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest schema, for tests to copy."""
    path = tmp_path_factory.mktemp("template") / "kiosk.sqlite3"
    _migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def postgres_database(postgres_server: psycopg.Connection) -> Iterator[str]:
    """An empty database of this test's own on the local PostgreSQL server."""
    name = _new_postgres(postgres_server)
    yield _kiosk_url(name)
    _drop_postgres(postgres_server, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of a database without a schema, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database with the newest schema and nothing in it, once per backend."""
    if request.param == "sqlite":
        path = tmp_path / "kiosk.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    admin = request.getfixturevalue("postgres_server")
    name = _new_postgres(admin, template=request.getfixturevalue("postgres_template"))
    yield _kiosk_url(name)
    _drop_postgres(admin, name)


@pytest.fixture
def kiosk(database_url: str, make_settings):
    """An opened kiosk (schema, key, site, audit log) on each backend."""
    from kiosk.services.bootstrap import open_kiosk

    return open_kiosk(make_settings(**{"database.url": database_url}))


@pytest.fixture
def make_settings(tmp_path: Path):
    """Settings as a real site would have them, from an empty file plus ``overrides``."""
    config_file = tmp_path / "config.toml"
    config_file.touch()

    def make(**overrides: str) -> Settings:
        defaults = {"paths.data_dir": str(tmp_path / "data")}
        return load_settings(config_file, environ={}, overrides=defaults | overrides)

    return make


@pytest.fixture
def receiver():
    """A chat, SMS or webhook service on 127.0.0.1 (see :mod:`tests.message_receiver`)."""
    from tests.message_receiver import MessageReceiver

    service = MessageReceiver().start()
    yield service
    service.stop()


@pytest.fixture
def mail_server():
    """A running SMTP server on 127.0.0.1; ``.stop()`` and ``.start()`` simulate an outage."""
    from tests.mail_server import MailServer, free_port

    server = MailServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site_overrides() -> dict[str, str]:
    """Settings of the ``site`` beyond the usual ones, by dotted key (a module overrides it)."""
    return {}


@pytest.fixture
def site(database_url: str, make_settings, mail_server, site_overrides: dict[str, str]):
    """An opened kiosk with one host, mailing through the test SMTP server."""
    from kiosk.services.bootstrap import open_kiosk
    from kiosk.services.directory.hosts import add_host

    settings = make_settings(
        **{
            "database.url": database_url,
            "mail.smtp_url": mail_server.url,
            "mail.from": "Reception <reception@menara.example>",
            "site.name": "Menara Sudirman",
            "site.address": "Jl. Jend. Sudirman 1, Jakarta",
        }
        | site_overrides
    )
    kiosk = open_kiosk(settings)
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example"), "staff:test")
        uow.commit()
    return kiosk


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright: the portal's pages, and the independent drawing
    of names in every script (tests/shaping.py)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield launched
        launched.close()
