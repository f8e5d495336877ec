"""Normalises and validates a value by the kind of field it is, before anything is stored.

Raises :class:`~kiosk.errors.CaptureRefused` with reason ``invalid_value`` and a sentence
the person who typed it can act on.
"""

import re
import unicodedata
from collections.abc import Callable

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from kiosk.errors import CaptureRefused
from kiosk.languages import language_codes
from kiosk.privacy.registry import FieldBinding

NAME_MAX = 100
TEXT_MAX = 120
NOTE_MAX = 500
IMAGE_MAX_BYTES = 2_000_000
DEFAULT_PHONE_REGION = "ID"
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _invalid(message: str) -> CaptureRefused:
    return CaptureRefused("invalid_value", message)


def _clean_text(value: object, limit: int, *, newlines: bool = False) -> str:
    if not isinstance(value, str):
        raise _invalid("must be text")
    text = unicodedata.normalize("NFC", value).strip()
    allowed = "\n" if newlines else ""
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in allowed for c in text):
        raise _invalid("contains control characters")
    if not newlines:
        text = " ".join(text.split())
    if not text:
        raise _invalid("is empty")
    if len(text) > limit:
        raise _invalid(f"is longer than {limit} characters")
    return text


def _name(value: object) -> str:
    name = _clean_text(value, NAME_MAX)
    if not any(unicodedata.category(c).startswith("L") for c in name):
        raise _invalid("a name needs at least one letter")
    return name


def _email(value: object) -> str:
    try:
        return validate_email(_clean_text(value, 254), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise _invalid(f"is not a valid email address ({error})") from None


def _phone(value: object) -> str:
    text = _clean_text(value, 32)
    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise _invalid("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise _invalid("is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _last4(value: object) -> str:
    text = _clean_text(value, 64).replace(" ", "").upper()
    if len(text) > 4:
        raise _invalid("give only the last 4 characters of the ID, never the full number")
    if not re.fullmatch(r"[0-9A-Z]{4}", text):
        raise _invalid("must be exactly 4 letters or digits")
    return text


def _plate(value: object) -> str:
    plate = _clean_text(value, 12).upper()
    if not re.fullmatch(r"[0-9A-Z][0-9A-Z ]{1,11}", plate):
        raise _invalid("is not a vehicle plate (letters, digits and spaces)")
    return plate


def _image(value: object) -> bytes:
    if not isinstance(value, bytes) or not value.startswith(IMAGE_SIGNATURES):
        raise _invalid("must be a PNG or JPEG image")
    if len(value) > IMAGE_MAX_BYTES:
        raise _invalid("is larger than 2 MB")
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[object], str]:
    def parse(value: object) -> str:
        if value not in choices:
            raise _invalid(f"must be one of {', '.join(choices)}")
        return value

    return parse


def normalise(binding: FieldBinding, value: object) -> str | bytes:
    """The value as it will be stored, or :class:`CaptureRefused` saying what is wrong."""
    parsers: dict[str, Callable[[object], str | bytes]] = {
        "name": _name,
        "email": _email,
        "phone": _phone,
        "text": lambda v: _clean_text(v, TEXT_MAX),
        "note": lambda v: _clean_text(v, NOTE_MAX, newlines=True),
        "last4": _last4,
        "plate": _plate,
        "language": _choice(language_codes()),
        "choice": _choice(binding.choices),
        "image": _image,
    }
    try:
        return parsers[binding.kind](value)
    except CaptureRefused as refused:
        raise CaptureRefused("invalid_value", f"{binding.key}: {refused}") from None


def lookup_form(binding: FieldBinding, value: str) -> str:
    """The form a look-up hash is taken of: email addresses match whatever their case, names
    whatever their case and accents ("Jérôme" finds "JEROME")."""
    if binding.kind == "email":
        return value.casefold()
    if binding.kind == "name":
        bare = unicodedata.normalize("NFKD", value.casefold())
        return " ".join("".join(c for c in bare if not unicodedata.combining(c)).split())
    return value
