"""``kiosk data check``: every encrypted value of the site is read back, and each that no
longer decrypts (a damaged disk, a bad restore, an edit) is named by its field, purpose and
the person's pseudonymous reference, never by its content."""

from dataclasses import dataclass

from kiosk.errors import UnreadableValue
from kiosk.services.kiosk import Kiosk


@dataclass(frozen=True)
class DamagedValue:
    person: str
    """The person's pseudonymous reference, as in the audit log."""
    field: str
    purpose: str


@dataclass(frozen=True)
class DataCheck:
    values: int
    damaged: list[DamagedValue]


def check_stored_values(kiosk: Kiosk) -> DataCheck:
    damaged, values = [], 0
    with kiosk.unit_of_work() as uow:
        for reference, stored in uow.personal_values.sealed(kiosk.site.id):
            values += 1
            try:
                kiosk.gateway.decrypt(reference, stored)
            except UnreadableValue:
                damaged.append(DamagedValue(reference, stored.field, stored.purpose))
    return DataCheck(values, damaged)
