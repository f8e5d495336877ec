"""Each kind of field: values are normalised and validated before the gateway stores anything."""

import pytest

from kiosk.errors import CaptureRefused
from kiosk.privacy.field_kinds import normalise
from kiosk.privacy.registry_loader import load_current_registry

FIELDS = load_current_registry().fields


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("visitor.name", "  Nguye\u0302\u0303n   Thi\u0323 Minh Khai ", "Nguyễn Thị Minh Khai"),
        ("visitor.name", "王芳", "王芳"),
        ("visitor.name", "Mehr\u200cnaz Ka\u200dmal", "Mehr\u200cnaz Ka\u200dmal"),
        ("visitor.name", "\u0936\u094d\u200d\u0930\u0940", "\u0936\u094d\u200d\u0930\u0940"),
        ("visitor.name", "Dr.Budi Santoso", "Dr.Budi Santoso"),
        ("visitor.name", "J.R.R. Tolkien", "J.R.R. Tolkien"),
        ("visitor.name", "Louis XIV", "Louis XIV"),
        ("visitor.name", "Budi [/] :smile:", "Budi [/] :smile:"),
        ("visitor.email", "Siti.R@Example.COM", "Siti.R@example.com"),
        ("visitor.phone", "0812-3456-7890", "+6281234567890"),
        ("visitor.phone", "+44 20 7946 0958", "+442079460958"),
        ("visitor.id_last4", " 7q2z ", "7Q2Z"),
        ("visitor.id_type", "passport", "passport"),
        ("visitor.parking_plate", "b 1234 xyz", "B 1234 XYZ"),
        ("visitor.reception_note", "Line one\nLine two", "Line one\nLine two"),
    ],
)
def test_values_are_stored_in_one_normal_form(field: str, typed: str, stored: str) -> None:
    assert normalise(FIELDS[field], typed) == stored


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("visitor.name", "Siti\x00Rahma", "control characters"),
        ("visitor.name", "x" * 101, "longer than 100"),
        ("visitor.name", "Siti \u202eawhaR", "invisible formatting characters"),
        ("visitor.name", "Siti\u200bRahma", "invisible formatting characters"),
        ("visitor.name", "\ufeffSiti Rahma", "invisible formatting characters"),
        ("visitor.name", "Siti\u200e Rahma", "invisible formatting characters"),
        ("visitor.name", "Siti \u200dRahma", "invisible formatting characters"),
        ("visitor.name", "Siti\u200d", "invisible formatting characters"),
        ("visitor.company", "PT\u2066 Maju\u2069", "invisible formatting characters"),
        ("visitor.reception_note", "wheelchair\u200b", "invisible formatting characters"),
        ("visitor.name", "   ", "is empty"),
        ("visitor.name", "12345", "at least one letter"),
        ("visitor.name", "Siti, visit https://evil.example", "cannot hold a link"),
        ("visitor.name", "Your account is locked: evil.example", "cannot hold a link"),
        ("visitor.name", "Go to WWW.EVIL.COM", "cannot hold a link"),
        ("visitor.name", "Write to help\uff20evil", "cannot hold a link"),
        ("member.name", "Reset at bit.ly/x", "cannot hold a link"),
        ("member.name", "Reset at evil\u3002com", "cannot hold a link"),
        ("visitor.name", "Locked, call +62 812-3456-7890", "cannot hold a phone number"),
        ("visitor.name", "Call (021) 555 0199", "cannot hold a phone number"),
        ("visitor.email", "siti@", "not a valid email"),
        ("visitor.phone", "12", "not a valid phone number"),
        ("visitor.phone", "call me", "not a phone number"),
        ("visitor.id_last4", "3174012345678901", "only the last 4 characters"),
        ("visitor.id_last4", "12-4", "exactly 4 letters or digits"),
        ("visitor.id_type", "birth certificate", "must be one of ktp, passport"),
        ("visitor.photo", b"GIF89a", "PNG or JPEG"),
    ],
)
def test_bad_values_are_refused_with_a_sentence(field: str, typed, message: str) -> None:
    with pytest.raises(CaptureRefused) as caught:
        normalise(FIELDS[field], typed)
    assert caught.value.reason == "invalid_value"
    assert message in str(caught.value) and field in str(caught.value)
