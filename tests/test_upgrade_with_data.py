"""Upgrades with a year of data, on SQLite and PostgreSQL: a building's year as the kiosk first
released (schema 0001) wrote it (tests/upgrade/first-release, made by
tests/upgrade/year_at_first_release.py with that release's code) is upgraded by today's kiosk
to its newest schema; every value still decrypts, the audit chain verifies, the erased stay
erased, the invitations made then still check guests in, and the purge and health work on it."""

import gzip
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import create_engine, func, make_url, select

from kiosk import clock
from kiosk.services.bootstrap import open_kiosk
from kiosk.store.models import Visit
from tests.builders import run

FIRST_RELEASE = Path(__file__).parent / "upgrade" / "first-release"
MADE_ON = datetime.fromisoformat("2026-11-29T09:00:00+07:00")
"""The day the year ends: its last invitations are valid from the day before to the day after."""
DAYS = 365


def load_the_year(database_url: str, data_dir: Path) -> None:
    """The first release's database into ``database_url``, its key into ``data_dir``."""
    data_dir.mkdir(mode=0o700)
    key = data_dir / "site.key"
    shutil.copyfile(FIRST_RELEASE / "site.key", key)
    key.chmod(0o600)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with gzip.open(FIRST_RELEASE / "year.sqlite3.gz") as year, open(url.database, "wb") as out:
            shutil.copyfileobj(year, out)
        return
    libpq = url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={libpq}", str(FIRST_RELEASE / "year.pgdump")],
        check=True,
    )


def test_a_year_made_by_the_first_release_upgrades_and_works(
    empty_database_url, make_settings, tmp_path
):
    clock.set_now(MADE_ON)
    settings = make_settings(**{"database.url": empty_database_url, "site.name": "Lobby"})
    load_the_year(empty_database_url, settings.data_dir)
    year = json.loads((FIRST_RELEASE / "year.json").read_text())
    site = SimpleNamespace(settings=settings)  # what ``run`` reads: the site's settings
    assert "schema version: 0001" in run(site, "db", "current").output

    upgraded = run(site, "db", "upgrade")

    assert upgraded.exit_code == 0 and "(up to date)" in upgraded.output, upgraded.output
    checked = run(site, "data", "check")
    assert checked.exit_code == 0 and checked.output.startswith("all "), checked.output
    assert int(checked.output.split()[1]) > 2 * DAYS, "every value of the year was read back"
    verified = run(site, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    kiosk = open_kiosk(settings)
    with kiosk.unit_of_work() as uow:
        for email in year["erased"]:
            assert kiosk.gateway.find_subjects(uow, kiosk.site.id, "visitor.email", email) == []
    engine = create_engine(empty_database_url)
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Visit)) == DAYS
    engine.dispose()

    arrivals = [run(site, "checkin", token) for token in year["coming"]]

    assert arrivals[0].output.startswith("checked in Akan D.: badge 1"), arrivals[0].output
    assert arrivals[1].output.startswith("checked in Akan D.: badge 2"), arrivals[1].output
    printed = sorted(path.name for path in settings.badge_dir.glob("*.png"))
    assert len(printed) == 2, f"the year's unprinted badges stay unprinted: {printed}"
    purged = run(site, "purge")
    assert purged.exit_code == 0, purged.output
    health = run(site, "health").output.splitlines()
    checks = {line.split()[1]: line.split()[0] for line in health}
    assert checks.pop("outbox") in ("ok", "failed")  # the year's emails: no mail server then
    assert set(checks.values()) == {"ok"}, health
