"""What an attacker with the database but not the key file sees: no plaintext of the fields
the registry encrypts, in the raw SQLite file or in a PostgreSQL dump."""

from kiosk.privacy.registry import Storage
from tests.builders import database_bytes
from tests.privacy_helpers import capture

SECRETS = {
    "visitor.name": ("Zubaidah Quennell", "visitor-identification"),
    "visitor.email": ("zubaidah.quennell@example.org", "visitor-identification"),
    "visitor.phone": ("+62 812 9988 7766", "visitor-identification"),
    "visitor.id_last4": ("Q7Z9", "visitor-verification"),
    "visitor.reception_note": ("Bring the Xylophone contract", "visitor-sign-in-services"),
}
STORED_FORMS = {
    "Zubaidah Quennell",
    "zubaidah.quennell@example.org",
    "+6281299887766",
    "Q7Z9",
    "Xylophone",
}
PLAIN_MEMBER_NAME = "Plainvisible Directoryperson"


def fill(kiosk) -> None:
    registry = kiosk.gateway.registry
    assert all(registry.fields[f].storage is not Storage.PLAIN for f in SECRETS)
    with kiosk.unit_of_work() as uow:
        guest = uow.subjects.create(kiosk.site.id, "visitor")
        for field, (value, purpose) in SECRETS.items():
            kiosk.gateway.capture(uow, capture(guest, field, value, purpose))
        member = uow.subjects.create(kiosk.site.id, "member")
        kiosk.gateway.capture(
            uow, capture(member, "member.name", PLAIN_MEMBER_NAME, "member-service-provision")
        )
        uow.commit()


def test_encrypted_fields_leave_no_plaintext_in_the_database(kiosk, database_url: str) -> None:
    fill(kiosk)
    raw = database_bytes(database_url)
    assert PLAIN_MEMBER_NAME.encode() in raw, "the search must see plain values"
    for secret in STORED_FORMS:
        assert secret.encode() not in raw, secret
        assert secret.lower().encode() not in raw.lower(), secret
