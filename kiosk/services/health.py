"""``kiosk health`` and the portal's ``/healthz``: one set of checks, each a line an IT person
can act on, none holding personal data.

- database: it answers (a server that does not is reported within :data:`DEADLINE_S`);
- schema: at the version this code needs;
- key: the key file readable, and the one the site's data was written with;
- audit: the log's head sealed with that key, the log ending at it, and still holding the entry
  this machine last saw written (its checkpoint);
- printer: what the printer says of itself (on a kiosk; the portal has none of its own);
- outbox: the jobs waiting and how long the oldest has waited;
- purge: it ran in the last two days, and no value is held more than :data:`PURGE_GRACE` past
  its retention.

Nothing here changes the database: no schema upgrade, no key made, no site created.
"""

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from kiosk.badge.printers import settings_printer
from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.keys import load_site_key
from kiosk.privacy.audit import AuditChain
from kiosk.privacy.audit_checkpoint import CHECKPOINT_FILE, AuditCheckpoint
from kiosk.privacy.audit_trail import AuditTrail
from kiosk.privacy.crypto import key_check
from kiosk.settings import Settings
from kiosk.store import migrate
from kiosk.store.engine import check_connection, create_engine
from kiosk.store.repositories import SiteRecord
from kiosk.store.unit_of_work import UnitOfWork, unit_of_work_factory

log = logging.getLogger("kiosk.health")
DEADLINE_S = 25.0
"""How long the checks may take before the database is reported as not answering."""
OUTBOX_LATE = timedelta(minutes=15)
"""A job waiting longer than this (a printer or a channel down) makes the outbox unhealthy."""
PURGE_GRACE = timedelta(days=1)
"""The daily purge may be this late before values past their retention make it unhealthy."""


class Status(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str

    @property
    def passed(self) -> bool:
        return self.status is Status.OK


@dataclass(frozen=True)
class Health:
    checks: tuple[Check, ...]

    @property
    def healthy(self) -> bool:
        return all(check.status is not Status.FAILED for check in self.checks)

    def as_dict(self) -> dict:
        return {"healthy": self.healthy, "checks": [asdict(check) for check in self.checks]}


class HealthChecks:
    """The checks of one machine, on an engine of their own (built once: the portal runs them
    on every ``/healthz``)."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime] = utc_now) -> None:
        self._settings = settings
        self._clock = clock
        self._engine = create_engine(settings.database_url)
        self._unit_of_work = unit_of_work_factory(self._engine)

    def run(self, *, printer: bool) -> Health:
        """Every check, in order; those after one that failed are skipped."""
        names = _NAMES if printer else tuple(name for name in _NAMES if name != "printer")
        answered: queue.Queue[bool] = queue.Queue(maxsize=1)
        checks: list[Check] = []

        def work() -> None:
            try:
                self._run_into(checks, printer)
            except Exception as error:  # reported as the check it stopped, never a pass
                log.exception("health check failed")
                checks.append(_failed(names[len(checks)], f"could not be checked: {error}"))
            answered.put(True)

        threading.Thread(target=work, name="health checks", daemon=True).start()
        try:
            answered.get(timeout=DEADLINE_S)
            done = [*checks]
        except queue.Empty:
            done = [*checks]
            done.append(_failed(names[len(done)], f"did not answer within {DEADLINE_S:g} s"))
        done += [_skipped(name) for name in names[len(done) :]]
        return Health(tuple(done))

    def _run_into(self, checks: list[Check], printer: bool) -> None:
        try:
            check_connection(self._engine)
        except KioskError as unreachable:
            checks.append(_failed("database", str(unreachable)))
            return
        checks.append(Check("database", Status.OK, f"answers ({self._engine.dialect.name})"))
        schema = migrate.schema_state(self._engine)
        checks.append(_schema(schema))
        if not schema.up_to_date:
            return
        try:
            site_key = load_site_key(self._settings.key_file)
        except KioskError as unreadable:
            checks.append(_failed("key", str(unreadable)))
            return
        with self._unit_of_work() as uow:
            site = uow.sites.find(self._settings.site_name)
            checks.append(self._key(site, site_key))
            if site is None or site.key_check != key_check(site_key):
                return
            checks.append(self._audit(uow, site, site_key))
            if printer:
                checks.append(self._printer())
            checks.append(self._outbox(uow, site))
            checks.append(self._purge(uow, site))

    def _key(self, site: SiteRecord | None, site_key: bytes) -> Check:
        name = self._settings.site_name
        if site is None:
            return _failed(
                "key", f"the database holds no site named {name!r} yet: start the kiosk once"
            )
        if site.key_check != key_check(site_key):
            return _failed(
                "key",
                f"{self._settings.key_file} is not the key {name!r}'s data was written with: "
                "restore that key file from its backup",
            )
        key_file = self._settings.key_file
        return Check("key", Status.OK, f"{key_file}: the key site {name} is written with")

    def _audit(self, uow: UnitOfWork, site: SiteRecord, site_key: bytes) -> Check:
        chain = AuditChain(site_key)
        checkpoint = AuditCheckpoint(self._settings.data_dir / CHECKPOINT_FILE, chain, site.name)
        problems = AuditTrail(chain, checkpoint, "health").anchoring_problems(uow, site.id)
        if problems:
            return _failed("audit", "; ".join(problems) + ": run kiosk audit verify")
        head = uow.audit.head(site.id)
        return Check("audit", Status.OK, f"the head, entry {head.seq}, is sealed and anchored")

    def _printer(self) -> Check:
        status = settings_printer(self._settings).status()
        return Check("printer", Status.OK if status.can_print else Status.FAILED, str(status))

    def _outbox(self, uow: UnitOfWork, site: SiteRecord) -> Check:
        waiting, oldest = uow.outbox.backlog(site.id)
        if not waiting:
            return Check("outbox", Status.OK, "nothing waiting")
        age = self._clock() - oldest
        detail = f"{waiting} jobs waiting, the oldest for {_duration(age)}"
        if age > OUTBOX_LATE:
            return _failed("outbox", f"{detail}: see kiosk outbox list")
        return Check("outbox", Status.OK, detail)

    def _purge(self, uow: UnitOfWork, site: SiteRecord) -> Check:
        now = self._clock()
        set_up, last = uow.sites.purge_dates(site.id)
        problems = []
        if now - (last or set_up) > PURGE_GRACE + timedelta(days=1):
            problems.append("the daily purge is late (is a kiosk running?)")
        overdue = uow.retention.oldest_overdue(site.id, now - PURGE_GRACE)
        if overdue is not None:
            problems.append(f"values held past their retention since {self._local(overdue)}")
        ran = f"last ran {self._local(last)}" if last else "never ran"
        if problems:
            return _failed("purge", f"{ran}; {'; '.join(problems)}: run kiosk purge")
        return Check("purge", Status.OK, f"{ran}; nothing held past its retention")

    def _local(self, at: datetime) -> str:
        return at.astimezone(ZoneInfo(self._settings.timezone)).strftime("%Y-%m-%d %H:%M %Z")


_NAMES = ("database", "schema", "key", "audit", "printer", "outbox", "purge")


def _schema(state: migrate.SchemaState) -> Check:
    if state.up_to_date:
        return Check("schema", Status.OK, f"at {state.current}, the version this code needs")
    if state.current is None:
        return _failed("schema", "the database is empty: run kiosk db upgrade")
    if not state.known:
        return _failed(
            "schema",
            f"at {state.current}, newer than this code knows ({state.head}): upgrade the kiosk",
        )
    needs = f"at {state.current}, this code needs {state.head}"
    return _failed("schema", f"{needs}: run kiosk db upgrade")


def _failed(name: str, detail: str) -> Check:
    return Check(name, Status.FAILED, detail)


def _skipped(name: str) -> Check:
    return Check(name, Status.SKIPPED, "not checked: an earlier check failed")


def _duration(age: timedelta) -> str:
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h"
