"""Fixtures shared by every test: an isolated environment and databases on both backends.

Data-layer tests take ``database_url`` and run once on SQLite and once on PostgreSQL
(127.0.0.1:5432, user postgres, trust auth; KIOSK_TEST_POSTGRES_URL overrides). Each run
creates its own PostgreSQL database and drops it afterwards. With CI=true an unreachable
PostgreSQL fails those tests instead of skipping them.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from kiosk.settings import Settings, load_settings

POSTGRES_URL = os.environ.get(
    "KIOSK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own settings, data or KIOSK_* variables."""
    for name in list(os.environ):
        if name.startswith("KIOSK_") and name != "KIOSK_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "home" / variable.lower()))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of this run's own on the local PostgreSQL server, dropped at the end."""
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        message = f"PostgreSQL at {POSTGRES_URL} is unreachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    name = f"kiosk_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql:", "postgresql+psycopg:") + (
                f"/{name}"
            )
        finally:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def _empty_postgres(url: str) -> None:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute("DROP SCHEMA public CASCADE")
        connection.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    url = request.getfixturevalue("postgres_database")
    _empty_postgres(url)
    return url


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
def mail_server():
    """A running SMTP server on 127.0.0.1; ``.stop()`` and ``.start()`` simulate an outage."""
    from tests.mail_server import MailServer, free_port

    server = MailServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def site(database_url: str, make_settings, mail_server):
    """An opened kiosk with one host, mailing through the test SMTP server."""
    from kiosk.services.bootstrap import open_kiosk
    from kiosk.services.directory.hosts import NewHost, add_host

    settings = make_settings(
        **{
            "database.url": database_url,
            "mail.smtp_url": mail_server.url,
            "mail.from": "Reception <reception@menara.example>",
            "site.name": "Menara Sudirman",
            "site.address": "Jl. Jend. Sudirman 1, Jakarta",
        }
    )
    kiosk = open_kiosk(settings)
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, NewHost("Rina Wijaya", "rina@menara.example"), "staff:test")
        uow.commit()
    return kiosk
