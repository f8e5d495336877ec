"""The restore drill, on SQLite and PostgreSQL: a day of traffic, a backup while the kiosk
runs, more traffic with an erasure, a restore into an empty database: the erased person is gone
again, everyone else is there, the audit log verifies and the site is healthy. And what a
restore refuses: a damaged copy, a newer schema, another site's key, a database not empty."""

import base64
import json
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.keys import create_site_key
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.invitations.invite import invite
from kiosk.services.rights.requests import PersonQuery
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from tests.builders import found_in_database, open_now, run
from tests.privacy_helpers import held_bytes

GUESTS = {
    "siti@tamu.example": "Siti Rahmawati",
    "budi@tamu.example": "Budi Santoso",
    "citra@tamu.example": "Citra Lestari",
}


@pytest.fixture
def empty_twin(database_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on the same backend: where the building's lost one is restored."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    return request.getfixturevalue("postgres_database")


def a_day_of_traffic(site) -> None:
    for email, name in GUESTS.items():
        visit = check_in(site, invite(site, open_now(name=name, email=email), "staff:t").id).visit
        check_out(site, visit.id)


def people(kiosk, email: str) -> int:
    with kiosk.unit_of_work() as uow:
        return len(kiosk.gateway.find_subjects(uow, kiosk.site.id, "visitor.email", email))


def test_the_restore_drill_brings_back_everyone_but_the_erased(site, empty_twin, tmp_path):
    a_day_of_traffic(site)
    folder = tmp_path / "backup"
    taken = run(site, "backup", "--out", str(folder))
    assert taken.exit_code == 0, taken.output
    assert f"the key file is not in it: keep {site.settings.key_file}" in taken.output
    key = site.settings.key_file.read_bytes()
    for copied in folder.iterdir():
        content = copied.read_bytes()
        assert key.strip() not in content and base64.urlsafe_b64decode(key) not in content
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["counts"]["visits"] == 3 and manifest["site"] == "Menara Sudirman"

    siti = PersonQuery(email="siti@tamu.example")
    siti_held = held_bytes(site, siti)
    erased = run(site, "subject", "erase", "--email", "siti@tamu.example", "--yes")
    assert erased.exit_code == 0, erased.output

    restored = run(site, "--database", empty_twin, "restore", str(folder), "--yes")

    assert restored.exit_code == 0, restored.output
    assert "1 people erased after the backup erased again" in restored.output
    assert "the restore recorded, verified" in restored.output
    kiosk = open_kiosk(replace(site.settings, database_url=empty_twin))
    assert people(kiosk, "siti@tamu.example") == 0
    assert found_in_database(siti_held, empty_twin) == []
    assert people(kiosk, "budi@tamu.example") == people(kiosk, "citra@tamu.example") == 1
    assert run(site, "--database", empty_twin, "audit", "verify").exit_code == 0
    assert run(site, "--database", empty_twin, "health").exit_code == 0
    again = check_in(kiosk, invite(kiosk, open_now(name="Dewi"), "staff:t").id)
    assert again.visit.badge_number == 4, "the day's badge numbers go on after the restore"


def test_a_restore_refuses_what_would_bring_back_the_wrong_data(site, empty_twin, tmp_path):
    a_day_of_traffic(site)
    folder = tmp_path / "backup"
    assert run(site, "backup", "--out", str(folder)).exit_code == 0
    manifest_file = folder / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    dump = folder / manifest["file"]
    other_key = tmp_path / "other.key"
    create_site_key(other_key)

    def restore(**env: str):
        return run(site, "--database", empty_twin, "restore", str(folder), "--yes", env=env)

    into_the_live_one = run(site, "restore", str(folder), "--yes")
    assert into_the_live_one.exit_code == 2
    assert "restores into an empty database" in into_the_live_one.output
    other = restore(KIOSK_KEY_FILE=str(other_key))
    assert other.exit_code == 2 and "written under another key" in other.output
    manifest_file.write_text(json.dumps(manifest | {"schema": "9999"}))
    newer = restore()
    assert newer.exit_code == 2 and "newer than this kiosk knows" in newer.output
    manifest_file.write_text(json.dumps(manifest))
    damaged_bytes = bytearray(dump.read_bytes())
    damaged_bytes[len(damaged_bytes) // 2] ^= 0xFF
    dump.write_bytes(bytes(damaged_bytes))
    damaged = restore()
    assert damaged.exit_code == 2 and "does not match the backup's checksum" in damaged.output
    assert run(site, "--database", empty_twin, "health").exit_code == 1, "nothing was loaded"
    assert run(site, "backup", "--out", str(folder)).exit_code == 2, "a folder of its own"
