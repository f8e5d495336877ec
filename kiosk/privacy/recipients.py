"""Who receives each kind of value besides the operator's staff: what an access request and
the record of processing activities name as recipients."""

from kiosk.privacy.registry import Text

STAFF: Text = {"id": "Staf resepsionis pengelola", "en": "The operator's reception staff"}
HOST: Text = {"id": "Tuan rumah Anda (email kedatangan)", "en": "Your host (arrival email)"}
MAIL: Text = {
    "id": "Server email pengelola (undangan Anda)",
    "en": "The operator's mail server (your invitation)",
}
PRINTER: Text = {"id": "Printer lencana di lobi", "en": "The badge printer in the lobby"}

BY_FIELD: dict[str, tuple[Text, ...]] = {
    "visitor.name": (STAFF, HOST, PRINTER),
    "visitor.email": (STAFF, MAIL),
    "visitor.company": (STAFF, PRINTER),
    "member.email": (STAFF, MAIL),
}


def recipients(field: str) -> tuple[Text, ...]:
    return BY_FIELD.get(field, (STAFF,))
