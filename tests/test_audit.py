"""The audit log is append-only in effect: an edit, a removal or a swap is reported."""

import threading

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from kiosk.cli import main
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.records.policy import AuditReport, verify_audit
from kiosk.store.engine import create_engine
from tests.privacy_helpers import capture


@pytest.fixture
def logged(kiosk, database_url):
    """A kiosk with five audit entries, and an engine to tamper with the database directly."""
    with kiosk.unit_of_work() as uow:
        for name in ("Ani", "Budi", "Citra", "Dewi", "Eko"):
            guest = uow.subjects.create(kiosk.site.id, "visitor")
            kiosk.gateway.capture(
                uow, capture(guest, "visitor.name", name, "visitor-identification")
            )
        uow.commit()
    engine = create_engine(database_url)
    yield kiosk, engine
    engine.dispose()


def tamper(engine, *statements: str) -> None:
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def test_an_untouched_log_verifies(logged) -> None:
    kiosk, _ = logged
    report = verify_audit(kiosk)
    assert (report.entries, report.problems) == (5, [])


def test_an_edited_entry_is_reported(logged) -> None:
    kiosk, engine = logged
    tamper(engine, "UPDATE audit_entries SET actor = 'staff:intruder' WHERE seq = 3")
    assert verify_audit(kiosk).problems == ["entry 3 was altered"]


def test_a_removed_entry_is_reported(logged) -> None:
    kiosk, engine = logged
    tamper(engine, "DELETE FROM audit_entries WHERE seq = 3")
    assert verify_audit(kiosk).problems == ["entry 4 follows entry 2: entries removed or reordered"]


def test_the_removed_newest_entry_is_reported(logged) -> None:
    kiosk, engine = logged
    tamper(engine, "DELETE FROM audit_entries WHERE seq = 5")
    assert verify_audit(kiosk).problems == [
        "the log ends at entry 4 but was sealed at 5",
        "the log ends at entry 4, but this kiosk saw entry 5 written: it was rolled back or wiped",
    ]


def test_two_swapped_entries_are_reported(logged) -> None:
    kiosk, engine = logged
    columns = "seq, at, action, actor, subject_ref, field, purpose, detail, prev_mac, mac"
    tamper(
        engine,
        f"CREATE TABLE swap AS SELECT id, {columns} FROM audit_entries WHERE seq IN (2, 3)",
        "UPDATE audit_entries SET seq = seq + 100 WHERE seq IN (2, 3)",
        *[
            f"UPDATE audit_entries SET {name} = (SELECT {name} FROM swap "
            f"WHERE swap.id <> audit_entries.id) WHERE seq IN (102, 103)"
            for name in columns.split(", ")
        ],
        "DROP TABLE swap",
    )
    problems = verify_audit(kiosk).problems
    assert "entry 3 follows entry 1: entries removed or reordered" in problems
    assert "entry 2 follows entry 3: entries removed or reordered" in problems


def test_audit_verify_command_exits_2_on_damage(logged, database_url, tmp_path) -> None:
    kiosk, engine = logged
    args = ["--database", database_url, "audit", "verify"]
    env = {
        "KIOSK_DATA_DIR": str(kiosk.settings.data_dir),
        "KIOSK_CONFIG": str(tmp_path / "config.toml"),
    }
    intact = CliRunner().invoke(main, args, env=env)
    assert (intact.exit_code, intact.stdout) == (0, "audit log intact: 5 entries\n")
    tamper(engine, "UPDATE audit_entries SET purpose = 'visitor-marketing' WHERE seq = 2")
    damaged = CliRunner().invoke(main, args, env=env)
    assert damaged.exit_code == 2
    assert damaged.stderr == "kiosk: audit log damaged: entry 2 was altered\n"


def test_kiosks_appending_at_once_keep_one_unbroken_chain(kiosk) -> None:
    """Two writers (threads standing in for two kiosks) each record 15 captures at once."""
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(actor: str) -> None:
        start.wait()
        try:
            for _ in range(15):
                with kiosk.unit_of_work() as uow:
                    guest = uow.subjects.create(kiosk.site.id, "visitor")
                    kiosk.gateway.capture(
                        uow, capture(guest, "visitor.name", "Ani", "visitor-identification", actor)
                    )
                    uow.commit()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(f"kiosk:{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert verify_audit(kiosk) == AuditReport(entries=30, problems=[])


def test_a_wiped_log_is_reported_and_never_sealed_afresh(logged) -> None:
    """Deleting every entry and the head used to verify as "intact: 0 entries"."""
    kiosk, engine = logged
    tamper(engine, "DELETE FROM audit_entries", "DELETE FROM audit_heads")
    problems = verify_audit(kiosk).problems
    assert "the site holds people's data but its log has no entries" in problems
    assert (
        "the log ends at entry 0, but this kiosk saw entry 5 written: it was rolled back or wiped"
        in problems
    )
    reopened = open_kiosk(kiosk.settings)
    report = verify_audit(reopened)
    assert report.entries == 1 and report.problems[0] == (
        "entry 1: the log's head was missing; it went on from an empty log, though this kiosk "
        "had seen entry 5 written"
    )


def test_a_head_put_back_after_newer_entries_went_is_a_rollback(logged) -> None:
    kiosk, engine = logged
    with engine.connect() as connection:
        seq, mac, seal = connection.execute(text("SELECT seq, mac, seal FROM audit_heads")).one()
    with kiosk.unit_of_work() as uow:
        guest = uow.subjects.create(kiosk.site.id, "visitor")
        kiosk.gateway.capture(
            uow, capture(guest, "visitor.name", "Fajar", "visitor-identification")
        )
        uow.commit()
    tamper(
        engine,
        "DELETE FROM audit_entries WHERE seq = 6",
        f"UPDATE audit_heads SET seq = {seq}, mac = '{mac}', seal = '{seal}'",
    )
    assert verify_audit(kiosk).problems == [
        "the log ends at entry 5, but this kiosk saw entry 6 written: it was rolled back or wiped"
    ]


def test_a_log_rolled_back_and_written_on_past_the_checkpoint_is_a_fork(logged) -> None:
    """Rolled back to entry 3 and followed by four new entries, the log reached past the
    checkpoint's number (5) and used to verify intact."""
    kiosk, engine = logged
    with kiosk.unit_of_work() as uow:
        third = next(entry for entry in uow.audit.entries(kiosk.site.id) if entry.seq == 3)
    seal = kiosk.audit._chain.seal(3, third.mac)
    tamper(
        engine,
        "DELETE FROM audit_entries WHERE seq > 3",
        f"UPDATE audit_heads SET seq = 3, mac = '{third.mac}', seal = '{seal}'",
    )
    with kiosk.unit_of_work() as uow:
        for name in ("Fajar", "Gita", "Hana", "Indra"):
            guest = uow.subjects.create(kiosk.site.id, "visitor")
            kiosk.gateway.capture(
                uow, capture(guest, "visitor.name", name, "visitor-identification")
            )
            uow.commit()
    report = verify_audit(kiosk)
    assert report.entries == 7
    assert report.problems == ["entry 5 is not the one this kiosk saw written"]


def test_a_lost_head_does_not_stop_the_kiosk_and_is_recorded(logged) -> None:
    """Deleting only the head row used to make every later audited action fail."""
    kiosk, engine = logged
    tamper(engine, "DELETE FROM audit_heads")
    with kiosk.unit_of_work() as uow:
        guest = uow.subjects.create(kiosk.site.id, "visitor")
        kiosk.gateway.capture(uow, capture(guest, "visitor.name", "Gita", "visitor-identification"))
        uow.commit()
    report = verify_audit(kiosk)
    assert report.entries == 7
    assert report.problems == ["entry 6: the log's head was missing; it went on from entry 5"]


def test_a_restore_staff_accept_is_recorded_and_verifies(logged, tmp_path) -> None:
    kiosk, engine = logged
    tamper(engine, "DELETE FROM audit_entries WHERE seq > 3")
    tamper(engine, "UPDATE audit_heads SET seq = 0")  # stands in for a backup's head
    with kiosk.unit_of_work() as uow:
        last = uow.audit.last_entry(kiosk.site.id)
        uow.session.execute(
            text("UPDATE audit_heads SET seq = :seq, mac = :mac, seal = :seal"),
            {"seq": 3, "mac": last.mac, "seal": kiosk.audit._chain.seal(3, last.mac)},
        )
        uow.commit()
    assert verify_audit(kiosk).problems == [
        "the log ends at entry 3, but this kiosk saw entry 5 written: it was rolled back or wiped"
    ]
    env = {"KIOSK_DATA_DIR": str(kiosk.settings.data_dir), "KIOSK_CONFIG": str(tmp_path / "c")}
    (tmp_path / "c").touch()
    args = ["--database", kiosk.settings.database_url, "audit", "accept-restore"]
    accepted = CliRunner().invoke(main, args, env=env)
    assert accepted.stdout == "restore accepted; audit log intact: 4 entries\n", accepted.output
    entries = CliRunner().invoke(
        main, ["--database", kiosk.settings.database_url, "audit", "verify"], env=env
    )
    assert entries.stdout == "audit log intact: 4 entries\n"


def test_threads_of_one_portal_move_the_checkpoint_only_forward(kiosk) -> None:
    """The portal answers in many threads of one process, each moving the checkpoint file on
    after its entry: the file stays whole and ends at the newest entry, never moved back."""
    checkpoint = kiosk.audit.checkpoint
    start = threading.Barrier(8)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        start.wait()
        try:
            for seq in range(1000 + n, 1400, 8):
                checkpoint.advance(seq, "a" * 64)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert checkpoint.seen().seq == 1399
