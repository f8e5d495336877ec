"""Who receives each kind of value besides the operator's staff: what an access request and
the record of processing activities name as recipients. The names are message ids of the
catalogs, translated where they are shown."""


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs; it is translated where it is shown."""
    return message


STAFF = N_("The operator's reception staff")
HOST = N_("Your host (arrival email)")
MAIL = N_("The operator's mail server (your invitation)")
PRINTER = N_("The badge printer in the lobby")

BY_FIELD: dict[str, tuple[str, ...]] = {
    "visitor.name": (STAFF, HOST, PRINTER),
    "visitor.email": (STAFF, MAIL),
    "visitor.company": (STAFF, PRINTER),
    "member.email": (STAFF, MAIL),
}


def recipients(field: str) -> tuple[str, ...]:
    return BY_FIELD.get(field, (STAFF,))
