"""The site key file: created once with mode 0600, refused when others can read it."""

import os
import stat
from pathlib import Path

import pytest

from kiosk.errors import KeyFileError
from kiosk.keys import KEY_BYTES, load_or_create_site_key


def test_first_run_creates_a_private_key_that_later_runs_reuse(tmp_path: Path) -> None:
    path = tmp_path / "new" / "site.key"
    key = load_or_create_site_key(path)
    assert len(key) == KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_site_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["site.key"]


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.key"
    load_or_create_site_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(KeyFileError, match=f"chmod 600 {path}"):
        load_or_create_site_key(path)


def test_a_damaged_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "site.key"
    path.write_text("not a key at all!\n")
    os.chmod(path, 0o600)
    with pytest.raises(KeyFileError, match="does not hold"):
        load_or_create_site_key(path)
