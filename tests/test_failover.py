"""Losing the database server mid-rush: a primary and a synchronous standby on loopback ports
(PostgreSQL's own binaries, as an unprivileged user), kiosks whose URL names both (libpq picks
the one that takes writes), the primary crashed and the standby promoted while four kiosk
processes check guests in. No check-in is lost or doubled, badge numbers stay unique, and no
guest waits on "one moment" longer than the switch takes (benchmarks/failover.py times it)."""

from collections import Counter

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.records.policy import verify_audit
from kiosk.settings import load_settings
from tests.failover_rush import failover_rush
from tests.kiosk_process import RETRY_S
from tests.postgres_cluster import start_cluster

GUESTS = 120
KIOSKS = 4


@pytest.fixture
def cluster(postgres_server):
    """A primary and its standby (``postgres_server`` first: the suite's PostgreSQL is there)."""
    started = start_cluster()
    yield started
    started.stop()


def test_a_primary_lost_mid_rush_loses_and_doubles_no_check_in(cluster, tmp_path):
    run = failover_rush(cluster, tmp_path, GUESTS, KIOSKS)

    waited = [line for line in run.check_ins if line["waited"] > 0]
    assert waited, "the loss hit the rush"
    assert len(run.visits) == GUESTS, "every guest has a visit on the promoted server"
    assert Counter(invitation for _, invitation, _ in run.visits).most_common(1)[0][1] == 1
    assert len({badge for _, _, badge in run.visits}) == GUESTS, "badge numbers stay unique"
    told = {line["visit"]: line["badge"] for line in run.check_ins}
    assert len(run.check_ins) == GUESTS and told == {v: b for v, _, b in run.visits}, (
        "each guest's badge is the one the promoted server holds"
    )
    assert run.longest_wait_s <= run.switch_s + RETRY_S + 1.0, run
    config = tmp_path / "building.toml"
    promoted = open_kiosk(load_settings(config, environ={}))
    assert verify_audit(promoted).problems == []
    backup = ["--config", str(config), "backup", "--out", str(tmp_path / "backup")]
    backed_up = CliRunner().invoke(main, backup)
    assert backed_up.exit_code == 0, backed_up.output  # pg_dump goes to the URL's writable host
