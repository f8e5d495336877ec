"""The house in floor order: the layer contracts in pyproject.toml are checked by import-linter,
and a new tie between service folders, or a folder given no floor, breaks the lint."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint_copy(tmp_path: Path, change=None) -> subprocess.CompletedProcess:
    """Runs the lint on a copy of the package (changed by ``change``), with our contracts."""
    shutil.copytree(ROOT / "kiosk", tmp_path / "kiosk", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    if change:
        change(tmp_path / "kiosk" / "services")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run(
        [LINT, "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_services_stand_in_floor_order(tmp_path: Path) -> None:
    checked = lint_copy(tmp_path)
    assert checked.returncode == 0, checked.stdout
    assert "Service floors" in checked.stdout


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (
            lambda services: add_line(
                services / "visits" / "on_site.py", "from kiosk.services.lobby import flow"
            ),
            "kiosk.services.visits is not allowed to import kiosk.services.lobby",
        ),
        (
            lambda services: add_line(
                services / "outbox" / "queue.py", "from kiosk.services.retention import purge"
            ),
            "kiosk.services.outbox is not allowed to import kiosk.services.retention",
        ),
        (
            lambda services: add_line(
                services / "retention" / "purge.py", "from kiosk.services.rights import requests"
            ),
            "kiosk.services.retention is not allowed to import kiosk.services.rights",
        ),
        (
            lambda services: (
                (services / "loose").mkdir() or (services / "loose/__init__.py").touch()
            ),
            "kiosk.services.loose",
        ),
    ],
    ids=["upward", "outbox-to-purge", "between-siblings", "no-floor"],
)
def test_a_new_tie_between_service_folders_breaks_the_lint(
    tmp_path: Path, change, complaint: str
) -> None:
    checked = lint_copy(tmp_path, change)
    assert checked.returncode != 0
    assert "Service floors" in checked.stdout and complaint in checked.stdout, checked.stdout
