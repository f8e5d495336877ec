"""A non-editable install, run from another folder, still finds its migrations and assets (the
portal's templates and style sheet among them), and every language's catalog: one added for a
new language ships without a change to the packaging."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from kiosk.languages import LANGUAGES

ROOT = Path(__file__).parent.parent


def test_the_wheel_ships_migrations_and_assets_and_upgrades_a_database(tmp_path: Path) -> None:
    source = tmp_path / "source"
    leftovers = shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__", "screenshots")
    shutil.copytree(ROOT, source, ignore=leftovers)
    added = source / "assets" / "locale" / "ms" / "LC_MESSAGES"
    added.mkdir(parents=True)
    shutil.copy(source / "assets" / "locale" / "id" / "LC_MESSAGES" / "kiosk.mo", added)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--verbose", "--no-deps", "-w", tmp_path, source],
        check=True,
        capture_output=True,
        text=True,
    )
    assert "Warning" not in built.stdout + built.stderr, "setuptools has nothing to warn about"
    (wheel,) = tmp_path.glob("lobby_kiosk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kiosk/store/migrations/env.py" in names
    assert any(n.startswith("kiosk/store/migrations/versions/") for n in names)
    assert "kiosk/assets/fonts/NotoSans-Regular.ttf" in names
    assert "kiosk/assets/fonts/NotoSansArabic-Bold.ttf" in names
    assert "kiosk/assets/policy/2018-05-25.toml" in names
    for code in (*LANGUAGES, "ms"):
        assert f"kiosk/assets/locale/{code}/LC_MESSAGES/kiosk.mo" in names, code
    assert "kiosk/services/screening/deny_list.py" in names, "every folder of the code ships"
    assert "kiosk/ui/welcome.kv" in names
    assert "kiosk/web/templates/base.html" in names
    assert "kiosk/web/static/portal.css" in names

    target = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-t", target, wheel],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = os.environ | {"PYTHONPATH": str(target), "KIOSK_DATA_DIR": str(tmp_path / "data")}
    program = "import kiosk, sys; print(kiosk.__file__, file=sys.stderr); kiosk.cli.main()"
    result = subprocess.run(
        [sys.executable, "-c", f"import kiosk.cli; {program}", "db", "upgrade"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(str(target))
    assert "(up to date)" in result.stdout
    assert (tmp_path / "data" / "kiosk.sqlite3").exists()
