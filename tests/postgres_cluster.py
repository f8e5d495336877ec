"""A PostgreSQL primary and a synchronous streaming standby on loopback ports, from
PostgreSQL's own binaries, for the failover test and benchmark. The clusters belong to an
unprivileged user (``initdb`` refuses root): ``nobody`` when the suite runs as root."""

import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.mail_server import free_port

STANDBY_NAME = "standby"
CONNECT_TIMEOUT_S = 2


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))), None
    )
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found


def _owner() -> dict:
    """Who runs the servers: this user, or ``nobody`` for root."""
    return {"user": "nobody", "group": "nogroup"} if os.geteuid() == 0 else {}


@dataclass
class Server:
    folder: Path
    port: int

    def run(self, *command: str) -> None:
        subprocess.run(
            [_binary(command[0]), *command[1:]], check=True, capture_output=True, **_owner()
        )

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder), "-l", str(self.folder / "log"), "-w", "start")

    def crash(self) -> None:
        """Stops at once, as a lost machine does: nothing flushed, no one told."""
        self.run("pg_ctl", "-D", str(self.folder), "-m", "immediate", "stop")

    def promote(self) -> None:
        self.run("pg_ctl", "-D", str(self.folder), "-w", "promote")

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            dbname=database,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
        )


@dataclass
class Cluster:
    """``primary`` streams to ``standby`` and waits for it at every commit (synchronous
    replication): a commit a kiosk was told of is on both."""

    root: Path
    primary: Server
    standby: Server
    stopped: list[Server] = field(default_factory=list)

    def url(self, database: str) -> str:
        """A kiosk's URL naming both servers: libpq connects to whichever takes writes."""
        hosts = "&".join(f"host=127.0.0.1:{s.port}" for s in (self.primary, self.standby))
        return f"postgresql+psycopg://postgres@/{database}?{hosts}&target_session_attrs=read-write"

    def stop(self) -> None:
        for server in (self.primary, self.standby):
            if server not in self.stopped:
                subprocess.run(
                    [_binary("pg_ctl"), "-D", str(server.folder), "-m", "immediate", "stop"],
                    capture_output=True,
                    **_owner(),
                )
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    root = Path(tempfile.mkdtemp(prefix="kiosk-failover-"))
    if os.geteuid() == 0:
        shutil.chown(root, **_owner())
    primary = Server(root / "primary", free_port())
    standby = Server(root / "standby", free_port())
    cluster = Cluster(root, primary, standby)
    try:
        primary.run("initdb", "-D", str(primary.folder), "-U", "postgres", "--auth=trust")
        _configure(primary, root, f"synchronous_standby_names = '{STANDBY_NAME}'")
        primary.start()
        primary.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(primary.port),
            "-U",
            "postgres",
            "-D",
            str(standby.folder),
            "-R",
            "-X",
            "stream",
        )
        conninfo = (
            f"host=127.0.0.1 port={primary.port} user=postgres application_name={STANDBY_NAME}"
        )
        # Promoted, it waits for no standby of its own (it has none).
        _configure(
            standby, root, f"primary_conninfo = '{conninfo}'", "synchronous_standby_names = ''"
        )
        standby.start()
        _wait_for_sync(primary)
    except Exception:
        cluster.stop()
        raise
    return cluster


def _configure(server: Server, sockets: Path, *lines: str) -> None:
    settings = [
        "listen_addresses = '127.0.0.1'",
        f"port = {server.port}",
        f"unix_socket_directories = '{sockets}'",
        "wal_level = replica",
        "max_wal_senders = 4",
        "fsync = off",  # a test's clusters: a crash is simulated, never survived
        *lines,
    ]
    with (server.folder / "postgresql.auto.conf").open("a") as conf:
        conf.write("\n".join(settings) + "\n")


def _wait_for_sync(primary: Server, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    with primary.connect() as connection:
        while time.monotonic() < deadline:
            state = connection.execute("SELECT sync_state FROM pg_stat_replication").fetchone()
            if state and state[0] == "sync":
                return
            time.sleep(0.1)
    raise RuntimeError("the standby did not start streaming synchronously")
