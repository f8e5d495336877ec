"""``kiosk hosts import FILE.csv``: the member directory from a file, all rows or none.

Columns: one for each member field the registry asks in the directory, named as the field
without ``member.`` (``name``, ``email``, ``phone``, ``company``, ``unit``, ``language``).
"""

from kiosk.privacy.registry import Intake, Subject
from kiosk.services.directory.hosts import NewHost, add_host, check_host
from kiosk.services.intake.csv_rows import (
    Columns,
    CsvFile,
    ImportReport,
    Progress,
    Row,
    check_rows,
    read_rows,
    write_rows,
)
from kiosk.services.intake.fields import asked_names, field_keys
from kiosk.services.kiosk import Kiosk


def host_columns(kiosk: Kiosk) -> Columns:
    asked = asked_names(kiosk.gateway.registry, Intake.DIRECTORY)
    required = frozenset(name for name, needed in asked.items() if needed)
    return Columns(required, frozenset(asked) - required)


def import_hosts(
    kiosk: Kiosk,
    file: CsvFile,
    actor: str,
    *,
    skip_bad: bool,
    check_only: bool = False,
    progress: Progress = lambda _n: None,
) -> ImportReport:
    def check(row: Row) -> NewHost:
        host = NewHost(field_keys(Subject.MEMBER, row.values))
        check_host(kiosk, host)
        return host

    rows = read_rows(file, host_columns(kiosk))
    good, bad = check_rows(rows, check, lambda host: host.email.casefold(), progress)
    return write_rows(
        kiosk.unit_of_work,
        good,
        bad,
        lambda uow, host: add_host(uow, kiosk, host, actor),
        skip_bad=skip_bad,
        check_only=check_only,
        progress=progress,
    )
