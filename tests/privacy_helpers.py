"""Valid sample values per field kind, and a way to capture them, for the privacy tests."""

import io

from PIL import Image

from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.privacy.registry import FieldBinding

NOTICE = Notice(version="2018-05-25.kiosk.1", language="id")


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


SAMPLES = {
    "name": "Siti Rahmawati",
    "email": "siti.rahmawati@example.com",
    "phone": "0812-3456-7890",
    "text": "PT Maju Bersama",
    "note": "Please bring a laptop",
    "last4": "7Q2Z",
    "plate": "B 1234 XYZ",
    "language": "en",
    "flag": "yes",
    "count": "3",
    "address": "tgram://123456789:AAbbCCddEE/987654321",
}


def sample(binding: FieldBinding):
    if binding.kind == "choice":
        return binding.choices[0]
    if binding.kind == "image":
        return png()
    return SAMPLES[binding.kind]


def capture(subject, field: str, value, purpose: str, actor: str = "kiosk:test") -> Capture:
    return Capture(subject, field, value, purpose, Source.GUEST_TYPED, actor, NOTICE)


def held_bytes(site, query) -> list[bytes]:
    """Every stored form of the values of the people ``query`` (a PersonQuery) finds: the
    plaintext, ciphertexts and look-up hashes."""
    from kiosk.services.rights.requests import find_people

    forms: list[bytes] = []
    with site.unit_of_work() as uow:
        for subject in find_people(uow, site, query):
            for (_, _), value in site.gateway.values(uow, subject).items():
                if len(value) > 4:
                    forms.append(value.encode() if isinstance(value, str) else value)
            for stored in uow.personal_values.of_subject(subject.id):
                forms += [b for b in (stored.sealed_value, stored.lookup_hash) if b]
    return forms
