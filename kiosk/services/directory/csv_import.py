"""``kiosk hosts import FILE.csv``: the member directory from a file, all rows or none."""

from pathlib import Path

from kiosk.privacy.registry import Subject
from kiosk.privacy.values import normalise
from kiosk.services.bootstrap import Kiosk
from kiosk.services.directory.hosts import PURPOSES, NewHost, add_host
from kiosk.services.intake.csv_rows import (
    ImportReport,
    Progress,
    Row,
    check_rows,
    read_rows,
    write_rows,
)

REQUIRED = {"name", "email"}
OPTIONAL = {"phone", "company", "unit", "language"}


def _host(values: dict[str, str]) -> NewHost:
    return NewHost(
        name=values["name"],
        email=values["email"],
        phone=values.get("phone") or None,
        company=values.get("company") or None,
        unit=values.get("unit") or None,
        language=values.get("language") or "id",
    )


def import_hosts(
    kiosk: Kiosk, path: Path, actor: str, *, skip_bad: bool, progress: Progress = lambda _n: None
) -> ImportReport:
    def check(row: Row) -> NewHost:
        host = _host(row.values)
        for field, value in vars(host).items():
            if value:
                key = f"member.{field}"
                binding, _ = kiosk.gateway.check(key, PURPOSES[key], Subject.MEMBER)
                normalise(binding, value)
        return host

    rows = read_rows(path, REQUIRED, OPTIONAL)
    good, bad = check_rows(rows, check, lambda host: host.email.casefold(), progress)
    return write_rows(
        kiosk.unit_of_work,
        good,
        bad,
        lambda uow, host: add_host(uow, kiosk, host, actor),
        skip_bad=skip_bad,
        progress=progress,
    )
