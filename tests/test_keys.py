"""The site key file: created once with mode 0600, refused when others can read it; and never
replaced behind the data's back: a database that holds a site's data opens only with the key
that wrote it."""

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.errors import KeyFileError
from kiosk.keys import KEY_BYTES, create_site_key, load_site_key
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.invitations.invite import invite
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.on_site import on_site
from tests.builders import open_now, run


def test_a_new_key_is_private_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "new" / "site.key"
    create_site_key(path)
    key = load_site_key(path)
    assert len(key) == KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    create_site_key(path)
    assert load_site_key(path) == key, "a second kiosk starting at once keeps the first key"
    assert [p.name for p in path.parent.iterdir()] == ["site.key"]


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.key"
    create_site_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match=f"chmod 600 {path}"):
        load_site_key(path)


def test_a_damaged_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.key"
    path.write_text("not a key at all!\n")
    os.chmod(path, 0o600)
    with pytest.raises(KeyFileError, match="does not hold"):
        load_site_key(path)


def test_a_lost_key_is_not_silently_replaced_and_a_stranger_key_is_refused(
    site, tmp_path: Path
) -> None:
    """With site.key missing the kiosk used to make a new key and write with it; once the real
    key was back, the roll call and the directory no longer decrypted."""
    check_in(site, invite(site, open_now(email=None), "staff:test").id)
    key_file = site.settings.key_file
    real_key = key_file.read_bytes()
    key_file.unlink()
    with pytest.raises(KeyFileError) as lost:
        open_kiosk(site.settings)
    assert str(lost.value) == (
        f"the key file {key_file} is missing, and the database holds Menara Sudirman's data, "
        "written with it: restore the key file from your backup (a new key would leave that "
        "data unreadable)"
    )
    assert not key_file.exists(), "no new key was made"
    start = run(site, "onsite")
    assert start.exit_code == 2 and start.stderr.count("\n") == 1
    assert "restore the key file from your backup" in start.stderr
    init = run(site, "keys", "init")
    assert init.exit_code == 2 and "the database holds Menara Sudirman's data" in init.stderr

    create_site_key(key_file)  # someone else's key in its place
    with pytest.raises(KeyFileError, match="is not the one Menara Sudirman's data was written"):
        open_kiosk(site.settings)
    key_file.unlink()
    key_file.write_bytes(real_key)
    os.chmod(key_file, 0o600)
    reopened = open_kiosk(site.settings)
    assert [guest.guest_name for guest in on_site(reopened)] == ["Siti Rahmawati"]


def test_keys_init_makes_the_key_of_a_new_site_only(make_settings, tmp_path: Path) -> None:
    settings = make_settings(**{"database.url": f"sqlite:///{tmp_path / 'new.sqlite3'}"})
    env = {"KIOSK_DATA_DIR": str(settings.data_dir), "KIOSK_DATABASE_URL": settings.database_url}
    made = CliRunner().invoke(main, ["keys", "init"], env=env)
    assert made.exit_code == 0 and made.stdout == (
        f"new key file {settings.key_file} (mode 0600): keep a backup of it apart from the "
        "database's\n"
    )
    key = load_site_key(settings.key_file)
    again = CliRunner().invoke(main, ["keys", "init"], env=env)
    assert again.exit_code == 2 and "already exists; it is kept" in again.stderr
    assert load_site_key(settings.key_file) == key
    assert open_kiosk(settings).site.key_check, "the site is opened with the key made for it"
