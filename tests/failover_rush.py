"""A rush of check-ins from several kiosk processes on a primary and its synchronous standby,
with the primary lost mid-rush and the standby promoted: for the failover test and
``benchmarks/failover.py``."""

import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from kiosk.settings import load_settings
from tests.builders import member, open_now
from tests.kiosk_process import finished, start_kiosks
from tests.postgres_cluster import Cluster

DATABASE = "building"
SITE = "Menara Sudirman"


@dataclass(frozen=True)
class FailoverRun:
    check_ins: list[dict]
    """One line per check-in from the kiosk processes (see tests/kiosk_process.py)."""
    invitations: int
    visits: list[tuple[int, int, int]]
    """(visit, invitation, badge number) of every visit on the promoted server."""
    lost_at: float
    """When the primary was lost (seconds since the epoch)."""
    switch_s: float
    """From the primary's loss to the first check-in through of a guest who had to wait."""
    longest_wait_s: float
    """The longest a guest waited on "one moment"."""


def failover_rush(cluster: Cluster, folder: Path, guests: int, kiosks: int) -> FailoverRun:
    with cluster.primary.connect() as admin:
        admin.execute(f"CREATE DATABASE {DATABASE}")
    config = folder / "building.toml"
    config.write_text(
        f'[site]\nname = "{SITE}"\n'
        f'[database]\nurl = "{cluster.url(DATABASE)}"\n'
        f'[paths]\ndata_dir = "{folder / "data"}"\n'
    )
    site = open_kiosk(load_settings(config, environ={}))
    with site.unit_of_work() as uow:
        add_host(uow, site, member("Rina Wijaya", "rina@menara.example"), "staff:test")
        uow.commit()
    tokens = [
        invite(site, open_now(name=f"Tamu {n}", email=None), "staff:test").token
        for n in range(guests)
    ]
    files = []
    for n in range(kiosks):
        files.append(folder / f"tokens-{n}.txt")
        files[-1].write_text("\n".join(tokens[n::kiosks]))
    processes = start_kiosks(config, "checkin", [str(file) for file in files])
    _wait_for_visits(cluster, guests // 3)
    lost_at = time.time()
    cluster.primary.crash()
    cluster.stopped.append(cluster.primary)
    cluster.standby.promote()
    check_ins = finished(processes)
    with cluster.standby.connect(DATABASE) as promoted:
        visits = promoted.execute("SELECT id, invitation_id, badge_number FROM visits").fetchall()
    through = [line["at"] for line in check_ins if line["waited"] > 0]
    return FailoverRun(
        check_ins=check_ins,
        invitations=guests,
        visits=visits,
        lost_at=lost_at,
        switch_s=min(through) - lost_at if through else 0.0,
        longest_wait_s=max(line["waited"] for line in check_ins),
    )


def _wait_for_visits(cluster: Cluster, count: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    with cluster.primary.connect(DATABASE) as primary:
        while primary.execute("SELECT count(*) FROM visits").fetchone()[0] < count:
            if time.monotonic() > deadline:
                raise TimeoutError("the rush did not get under way")
            time.sleep(0.02)
