"""``kiosk health`` and ``/healthz``: one line per check, exit 0 only when every check passes,
each failing check named; a silent database reported within 30 seconds; and systemd told
that the portal is ready and alive only while it answers and reaches its database."""

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, make_url

from kiosk import clock
from kiosk.keys import create_site_key
from kiosk.services import health
from kiosk.services.health import HealthChecks
from kiosk.services.invitations.invite import invite
from kiosk.services.retention.purge import purge
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from kiosk.store.privacy_models import AuditEntry
from tests.builders import open_now, request, run
from tests.mail_server import free_port
from tests.portal_client import portal
from tests.tcp_proxy import TcpProxy

ON_A_SERVER = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
"""A database across the network: one a proxy can cut off or hold silent."""
CHECKS = ["database", "schema", "key", "audit", "printer", "outbox", "purge"]


def lines(result) -> dict[str, tuple[str, str]]:
    """Each check's status and detail, by name, from ``kiosk health``'s lines."""
    named = {}
    for line in result.stdout.splitlines():
        status, name, detail = line.split(maxsplit=2)
        named[name] = (status, detail)
    return named


def test_a_running_site_is_healthy_on_every_check(site):
    result = run(site, "health")

    assert result.exit_code == 0, result.output
    assert list(lines(result)) == CHECKS
    assert {status for status, _ in lines(result).values()} == {"ok"}
    as_json = json.loads(run(site, "health", "--json").stdout)
    assert as_json["healthy"] is True
    assert [check["name"] for check in as_json["checks"]] == CHECKS


def test_an_empty_database_fails_the_schema_and_skips_the_rest(empty_database_url, tmp_path):
    result = run_health(empty_database_url, tmp_path)

    assert result.exit_code == 1
    named = lines(result)
    assert named["database"][0] == "ok"
    assert named["schema"] == ("failed", "the database is empty: run kiosk db upgrade")
    assert {named[name][0] for name in CHECKS[2:]} == {"skipped"}


def run_health(database_url: str, data_dir: Path):
    from click.testing import CliRunner

    from kiosk.cli import main

    environment = {"KIOSK_DATA_DIR": str(data_dir)}
    return CliRunner().invoke(main, ["--database", database_url, "health"], env=environment)


def test_another_sites_key_file_is_named(site, tmp_path):
    other = tmp_path / "other.key"
    create_site_key(other)

    result = run(site, "health", env={"KIOSK_KEY_FILE": str(other)})

    assert result.exit_code == 1
    status, detail = lines(result)["key"]
    assert status == "failed" and "is not the key" in detail and "Menara Sudirman" in detail


def test_a_log_cut_short_fails_the_audit_check(site):
    invite(site, request(), "staff:test")
    engine = create_engine(site.settings.database_url)
    with engine.begin() as connection:
        newest = connection.execute(
            AuditEntry.__table__.select().order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        connection.execute(delete(AuditEntry).where(AuditEntry.id == newest.id))
    engine.dispose()

    result = run(site, "health")

    assert result.exit_code == 1
    status, detail = lines(result)["audit"]
    assert status == "failed" and "does not end at its sealed head" in detail


def test_a_printer_that_does_not_answer_is_named(site):
    closed = f"tcp://127.0.0.1:{free_port()}"

    result = run(site, "--printer", closed, "health")

    assert result.exit_code == 1
    assert lines(result)["printer"][0] == "failed"
    assert "unreachable" in lines(result)["printer"][1]


def test_an_email_waiting_a_quarter_of_an_hour_fails_the_outbox(site, mail_server):
    mail_server.stop()
    invite(site, request(), "staff:test")
    assert lines(run(site, "health"))["outbox"][0] == "ok"

    clock.set_now(clock.utc_now() + timedelta(minutes=16))
    result = run(site, "health")

    assert result.exit_code == 1
    waiting = "1 jobs waiting, the oldest for 16 min: see kiosk outbox list"
    assert lines(result)["outbox"] == ("failed", waiting)


def test_a_late_purge_and_values_held_past_their_retention_fail_until_it_runs(site):
    visit = check_in(site, invite(site, open_now(), "staff:test").id).visit
    check_out(site, visit.id)
    assert lines(run(site, "health"))["purge"][1].startswith("never ran; nothing held")

    clock.set_now(clock.utc_now() + timedelta(days=3))
    late = run(site, "health")
    clock.set_now(clock.utc_now() + timedelta(days=400))
    overdue = run(site, "health")
    purge(site)
    after = run(site, "health")

    assert late.exit_code == 1
    assert lines(late)["purge"] == (
        "failed",
        "never ran; the daily purge is late (is a kiosk running?): run kiosk purge",
    )
    status, detail = lines(overdue)["purge"]
    assert status == "failed" and "values held past their retention since" in detail
    assert after.exit_code == 0, after.output
    assert lines(after)["purge"][1].startswith("last ran ")


def test_a_database_that_does_not_answer_is_reported_within_30_seconds(tmp_path):
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never answers
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent.getsockname()[1]}/test"
    started = time.monotonic()

    result = run_health(url, tmp_path)

    assert time.monotonic() - started < 30
    silent.close()
    assert result.exit_code == 1
    assert lines(result)["database"][0] == "failed"
    assert "database" in lines(result)["database"][1]


@ON_A_SERVER
def test_a_database_that_stops_answering_mid_connection_is_reported_in_time(
    site, database_url, monkeypatch
):
    proxy = TcpProxy(make_url(database_url).port or 5432)
    through = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    url = through.render_as_string(hide_password=False)
    checks = HealthChecks(replace(site.settings, database_url=url))
    assert checks.run(printer=False).healthy
    monkeypatch.setattr(health, "DEADLINE_S", 2.0)

    proxy.stall()
    started = time.monotonic()
    report = checks.run(printer=False)

    assert time.monotonic() - started < 5
    assert not report.healthy
    assert report.checks[0].name == "database"
    assert report.checks[0].detail == "did not answer within 2 s"
    proxy.cut()


def test_healthz_says_ok_or_names_what_failed_without_personal_data(site, mail_server):
    client = portal(site)
    assert (client.get("/healthz").status_code, client.get("/healthz").text) == (200, "ok")
    mail_server.stop()
    invite(site, request(name="Siti Rahmawati"), "staff:test")

    clock.set_now(clock.utc_now() + timedelta(minutes=20))
    answer = client.get("/healthz")

    assert answer.status_code == 503
    assert answer.text == "unhealthy\noutbox: failed"
    assert "Siti" not in answer.text


def notifications(listener: socket.socket, seconds: float) -> list[str]:
    """What the portal told "systemd" within ``seconds``."""
    said = []
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        listener.settimeout(left)
        try:
            said.append(listener.recv(4096).decode())
        except TimeoutError:
            break
    return said


@ON_A_SERVER
def test_the_portal_tells_systemd_it_is_ready_and_alive_only_while_it_reaches_its_database(
    site, database_url, tmp_path
):
    proxy = TcpProxy(make_url(database_url).port or 5432)
    through = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(tmp_path / "notify.sock"))
    port = free_port()
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("KIOSK_")
    } | {
        "KIOSK_DATA_DIR": str(site.settings.data_dir),
        "KIOSK_SITE_NAME": site.settings.site_name,
        "KIOSK_DATABASE_URL": through.render_as_string(hide_password=False),
        "KIOSK_CLOCK_OFFSET": os.environ[clock.OFFSET_VARIABLE],
        "NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
        "WATCHDOG_USEC": "1000000",
    }
    kiosk = Path(sys.executable).parent / "kiosk"
    portal_process = subprocess.Popen(
        [str(kiosk), "serve", "--port", str(port), "--workers", "2"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert "READY=1" in _until(listener, "READY=1", 60)
        assert "WATCHDOG=1" in notifications(listener, 3)

        proxy.cut()
        notifications(listener, 2)  # what was on its way
        assert "WATCHDOG=1" not in notifications(listener, 4)

        proxy.restore()
        assert "WATCHDOG=1" in notifications(listener, 10)
    finally:
        portal_process.terminate()
        portal_process.wait(timeout=30)
        proxy.cut()
        listener.close()


def _until(listener: socket.socket, message: str, seconds: float) -> list[str]:
    said: list[str] = []
    deadline = time.monotonic() + seconds
    while message not in said and time.monotonic() < deadline:
        said += notifications(listener, min(1.0, deadline - time.monotonic()))
    return said
