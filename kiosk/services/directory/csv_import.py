"""``kiosk hosts import FILE.csv``: the member directory from a file, all rows or none.

Columns: one for each member field the registry asks in the directory, named as the field
without ``member.`` (``name``, ``email``, ``phone``, ``company``, ``unit``, ``language``).
"""

from pathlib import Path

from kiosk.privacy.registry import Intake, Subject
from kiosk.services.directory.hosts import NewHost, add_host, check_host
from kiosk.services.intake.csv_rows import (
    ImportReport,
    Progress,
    Row,
    check_rows,
    read_rows,
    write_rows,
)
from kiosk.services.intake.fields import asked_names, field_keys
from kiosk.services.kiosk import Kiosk


def import_hosts(
    kiosk: Kiosk, path: Path, actor: str, *, skip_bad: bool, progress: Progress = lambda _n: None
) -> ImportReport:
    def check(row: Row) -> NewHost:
        host = NewHost(field_keys(Subject.MEMBER, row.values))
        check_host(kiosk, host)
        return host

    columns = asked_names(kiosk.gateway.registry, Intake.DIRECTORY)
    required = {name for name, needed in columns.items() if needed}
    rows = read_rows(path, required, set(columns) - required)
    good, bad = check_rows(rows, check, lambda host: host.email.casefold(), progress)
    return write_rows(
        kiosk.unit_of_work,
        good,
        bad,
        lambda uow, host: add_host(uow, kiosk, host, actor),
        skip_bad=skip_bad,
        progress=progress,
    )
