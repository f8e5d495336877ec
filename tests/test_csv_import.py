"""Importing invitations for an event from CSV: every bad row reported with its line, nothing
imported when one is bad, and a 5,000-row file imported with a progress bar."""

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli import main
from kiosk.services.intake.csv_rows import CsvFile
from kiosk.services.invitations.csv_import import import_invitations
from kiosk.services.reception.expected import expected_guests
from tests.builders import TOMORROW, run

HEADER = "host_email,guest_name,guest_email,guest_phone,date,from,to"


def write(tmp_path: Path, rows: list[str], header: str = HEADER, extra: bytes = b"") -> Path:
    path = tmp_path / "event.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode() + extra)
    return path


def test_every_kind_of_bad_row_is_reported_and_nothing_is_imported(site, tmp_path) -> None:
    day = TOMORROW.isoformat()
    past = (TOMORROW - timedelta(days=30)).isoformat()
    rows = [
        f"rina@menara.example,Siti Rahmawati,siti@tamu.example,,{day},09:00,11:00",  # 2 good
        f",Budi Santoso,budi@tamu.example,,{day},09:00,11:00",  # 3 missing host
        f"nobody@menara.example,Citra,citra@tamu.example,,{day},,",  # 4 unknown host
        f"rina@menara.example,Dewi,dewi@,,{day},,",  # 5 bad email
        f"rina@menara.example,Eko,,12,{day},,",  # 6 bad phone
        f"rina@menara.example,Fajar,fajar@tamu.example,,{past},,",  # 7 past
        f"rina@menara.example,Gita,gita@tamu.example,,{day},15:00,14:00",  # 8 end before start
        f"rina@menara.example,Siti R,siti@tamu.example,,{day},09:00,11:00",  # 9 duplicate of 2
        f"rina@menara.example,{'H' * 150},h@tamu.example,,{day},,",  # 10 overlong name
        f"rina@menara.example,Ika\x07,ika@tamu.example,,{day},,",  # 11 control character
    ]
    path = write(
        tmp_path, rows, extra=f"rina@menara.example,J\xe9r\xf4me,,,{day},,\n".encode("latin-1")
    )
    report = import_invitations(site, CsvFile.read(path), "staff:test", skip_bad=False)
    reasons = {bad.line: bad.reason for bad in report.bad}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert reasons[3] == "host_email is empty"
    assert "no host with the email nobody@menara.example" in reasons[4]
    assert "not a valid email" in reasons[5] and "phone" in reasons[6]
    assert "over already" in reasons[7] and "end after it starts" in reasons[8]
    assert reasons[9] == "duplicate of line 2"
    assert "longer than 100" in reasons[10] and "control characters" in reasons[11]
    assert "not UTF-8" in reasons[12]
    assert report.imported == 0
    assert expected_guests(site, TOMORROW) == []

    refused = run(site, "invite", "import", str(path))
    assert refused.exit_code == 2 and "10 bad rows of 11; nothing imported" in refused.stderr
    assert f"{path}: line 3: host_email is empty" in refused.stderr
    skipped = run(site, "invite", "import", str(path), "--skip-bad")
    assert skipped.exit_code == 0 and "imported 1 invitations of 11 rows" in skipped.stdout
    assert [g.guest_name for g in expected_guests(site, TOMORROW)] == ["Siti Rahmawati"]


def test_a_wrong_header_is_one_clear_line(site, tmp_path) -> None:
    path = write(tmp_path, [], header="host,guest_name,date")
    result = CliRunner().invoke(
        main,
        ["--database", site.settings.database_url, "invite", "import", str(path)],
        env={"KIOSK_DATA_DIR": str(site.settings.data_dir)},
    )
    assert result.exit_code == 2
    assert "wrong header: unknown column 'host'; missing column 'host_email'" in result.stderr


def test_five_thousand_rows_import_with_a_progress_bar(site, tmp_path) -> None:
    day = TOMORROW.isoformat()
    rows = [
        f"rina@menara.example,Tamu {n},tamu{n}@event.example,,{day},08:00,17:00"
        for n in range(5000)
    ]
    path = write(tmp_path, rows)
    ticks: list[int] = []
    report = import_invitations(
        site, CsvFile.read(path), "staff:test", skip_bad=False, progress=ticks.append
    )
    assert (report.rows, report.imported, report.bad) == (5000, 5000, [])
    assert sum(ticks) == 10_000, "one tick per row checked and per row imported"
    assert len(expected_guests(site, TOMORROW)) == 5000
    with site.unit_of_work() as uow:
        assert len(uow.outbox.all(site.site.id, ("pending",))) == 5000


def test_an_event_list_says_how_many_come_with_each_guest(site, tmp_path) -> None:
    day = TOMORROW.isoformat()
    path = write(
        tmp_path,
        [f"rina@menara.example,{day},Siti Rahmawati,4", f"rina@menara.example,{day},Budi,lots"],
        header="host_email,date,name,companions",
    )
    report = import_invitations(site, CsvFile.read(path), "staff:test", skip_bad=True)
    assert report.imported == 1
    assert [str(bad) for bad in report.bad] == [
        "line 3: visitor.companions: must be a whole number"
    ]
    (guest,) = expected_guests(site, TOMORROW)
    with site.unit_of_work() as uow:
        invitation = uow.invitations.get(site.site.id, guest.invitation_id)
        held = site.gateway.values(uow, uow.subjects.get(invitation.guest_subject_id))
    assert held["visitor.companions", "visitor-events"] == "4"
