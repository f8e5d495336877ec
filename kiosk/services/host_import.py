"""``kiosk hosts import FILE.csv``: the member directory from a file, all rows or none."""

from pathlib import Path

from kiosk.errors import KioskError
from kiosk.privacy.registry import Subject
from kiosk.privacy.values import normalise
from kiosk.services.bootstrap import Kiosk
from kiosk.services.csv_rows import BadRow, ImportReport, Progress, read_rows
from kiosk.services.hosts import PURPOSES, NewHost, add_host

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
    good: list[NewHost] = []
    bad: list[BadRow] = []
    seen: dict[str, int] = {}
    for row in read_rows(path, REQUIRED, OPTIONAL):
        progress(1)
        if isinstance(row, BadRow):
            bad.append(row)
            continue
        try:
            host = _host(row.values)
            for field, value in vars(host).items():
                if value:
                    key = f"member.{field}"
                    binding, _ = kiosk.gateway.check(key, PURPOSES[key], Subject.MEMBER)
                    normalise(binding, value)
        except KioskError as error:
            bad.append(BadRow(row.line, str(error)))
            continue
        email = host.email.casefold()
        if email in seen:
            bad.append(BadRow(row.line, f"duplicate of line {seen[email]}"))
            continue
        seen[email] = row.line
        good.append(host)
    report = ImportReport(rows=len(good) + len(bad), bad=bad)
    if bad and not skip_bad:
        return report
    with kiosk.unit_of_work() as uow:
        for host in good:
            add_host(uow, kiosk, host, actor)
            progress(1)
        uow.commit()
    report.imported = len(good)
    return report
