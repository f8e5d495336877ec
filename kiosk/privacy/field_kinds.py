"""The kinds of field a registry can name, in one table: how a value of each kind is
normalised and validated before anything is stored, how a person enters it, whether an input
counts as given, how it is matched in a look-up, how it reads in an access export, and its
fideslang data category.

A refused value raises :class:`~kiosk.errors.CaptureRefused` with reason ``invalid_value``,
the field, and a sentence the person who typed it can act on.
"""

import base64
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from kiosk.errors import CaptureRefused
from kiosk.languages import language_codes
from kiosk.privacy.confusables import skeleton
from kiosk.privacy.registry import FieldBinding

NAME_MAX = 100
TEXT_MAX = 120
NOTE_MAX = 500
COUNT_MAX = 999
IMAGE_MAX_BYTES = 2_000_000
DEFAULT_PHONE_REGION = "ID"
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
JOINERS = "\u200c\u200d"
"""Zero-width non-joiner and joiner: part of how Persian, Indic and other names are spelled,
between two letters; every other format character (a right-to-left override, a zero-width
space) only hides or reorders what is shown."""
LOOKUP_FORMS = 2
"""The version of the kinds' look-up forms: raised with every change to one, so that the
stored look-up hashes are taken anew at the next start."""
FLAG_YES = "yes"
FLAG_WORDS = {
    True: True,
    False: False,
    **dict.fromkeys(("yes", "y", "ya", "true", "1", "requested"), True),
    **dict.fromkeys(("no", "n", "tidak", "false", "0", ""), False),
}


class Entry(StrEnum):
    """How a person enters a value: each front end draws the input for it."""

    LINE = "line"
    NAME = "name"
    """One line, each word starting with a capital."""
    EMAIL = "email"
    PHONE = "phone"
    CODE = "code"
    """Letters and digits in capitals: an ID's last characters, a vehicle plate."""
    NOTE = "note"
    NUMBER = "number"
    CHOICE = "choice"
    """One of the field's choices."""
    FLAG = "flag"
    """A box to tick."""
    LANGUAGE = "language"
    CAMERA = "camera"
    ADDRESS = "address"
    """A service's address, such as a chat's: one line, shown masked once given."""


class _Invalid(Exception):
    """A value the kind does not accept; the message says why."""


def _clean_text(value: object, limit: int, *, newlines: bool = False) -> str:
    if not isinstance(value, str):
        raise _Invalid("must be text")
    text = unicodedata.normalize("NFC", value).strip()
    allowed = "\n" if newlines else ""
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co") and c not in allowed for c in text):
        raise _Invalid("contains control characters")
    if any(_hidden(text, index) for index, c in enumerate(text) if unicodedata.category(c) == "Cf"):
        raise _Invalid("contains invisible formatting characters (such as a direction mark)")
    if not newlines:
        text = " ".join(text.split())
    if not text:
        raise _Invalid("is empty")
    if len(text) > limit:
        raise _Invalid(f"is longer than {limit} characters")
    return text


def _hidden(text: str, index: int) -> bool:
    """Whether the format character at ``index`` hides or reorders text, rather than joining
    the two letters (or signs) around it."""
    if text[index] not in JOINERS or not 0 < index < len(text) - 1:
        return True
    return not all(_joinable(text[side]) for side in (index - 1, index + 1))


def _joinable(char: str) -> bool:
    return unicodedata.category(char)[0] in "LM" or unicodedata.category(char) == "So"


LINK = re.compile(
    r"://|www\.|@|\b[\w-]+\.(?:[a-z]{2,}|(?i:com|net|org|id|io|co|me|info|biz|xyz|app|ly))\b"
)
"""What makes text a link or an address to a mail program or a chat app: a scheme, ``www.``,
an ``@``, or a domain (a dot followed by a lower-case ending, or a common ending in any case;
``Dr.Budi`` is a name, ``evil.com`` and ``EVIL.COM`` are not)."""
DOTS = str.maketrans("\u3002\uff0e\uff61", "...")
"""The full stops that a domain name may be written with (IDNA reads each as a dot)."""
PHONE_LIKE = re.compile(r"\d(?:[\s().\-/]*\d){5,}")
"""Six digits or more, however spaced: a phone number, an account or a code, not a name."""


def _name(value: object, _binding: FieldBinding) -> str:
    """A person's name: letters, never a link or a number to call (a name is repeated in
    emails and messages sent for the site, where either would be the sender's words)."""
    name = _clean_text(value, NAME_MAX)
    if not any(unicodedata.category(c).startswith("L") for c in name):
        raise _Invalid("a name needs at least one letter")
    as_read = unicodedata.normalize("NFKC", name).translate(DOTS)
    if LINK.search(as_read):
        raise _Invalid("a name cannot hold a link or an address")
    if PHONE_LIKE.search(as_read):
        raise _Invalid("a name cannot hold a phone number or other long number")
    return name


def _email(value: object, _binding: FieldBinding) -> str:
    try:
        return validate_email(_clean_text(value, 254), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise _Invalid(f"is not a valid email address ({error})") from None


def _phone(value: object, _binding: FieldBinding) -> str:
    text = _clean_text(value, 32)
    try:
        number = phonenumbers.parse(text, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        raise _Invalid("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise _Invalid("is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _text(value: object, _binding: FieldBinding) -> str:
    return _clean_text(value, TEXT_MAX)


def _note(value: object, _binding: FieldBinding) -> str:
    return _clean_text(value, NOTE_MAX, newlines=True)


def _last4(value: object, _binding: FieldBinding) -> str:
    text = _clean_text(value, 64).replace(" ", "").upper()
    if len(text) > 4:
        raise _Invalid("give only the last 4 characters of the ID, never the full number")
    if not re.fullmatch(r"[0-9A-Z]{4}", text):
        raise _Invalid("must be exactly 4 letters or digits")
    return text


def _plate(value: object, _binding: FieldBinding) -> str:
    plate = _clean_text(value, 12).upper()
    if not re.fullmatch(r"[0-9A-Z][0-9A-Z ]{1,11}", plate):
        raise _Invalid("is not a vehicle plate (letters, digits and spaces)")
    return plate


ADDRESS_MAX = 500
ADDRESS = re.compile(r"[a-z][a-z0-9+.-]{1,31}://\S+")


def _address(value: object, _binding: FieldBinding) -> str:
    """A notification service's address (``tgram://…``, ``slack://…``): which services the
    kiosk can reach is for the channel to say; here, its shape."""
    text = _clean_text(value, ADDRESS_MAX)
    if not ADDRESS.fullmatch(text):
        raise _Invalid("is not a service address such as tgram://token/chat or slack://…")
    return text


def _count(value: object, _binding: FieldBinding) -> str:
    text = str(value).strip() if isinstance(value, int | str) else ""
    if isinstance(value, bool) or not text.isascii() or not text.isdigit():
        raise _Invalid("must be a whole number")
    if int(text) > COUNT_MAX:
        raise _Invalid(f"must be at most {COUNT_MAX}")
    return str(int(text))


def _image(value: object, _binding: FieldBinding) -> bytes:
    if not isinstance(value, bytes) or not value.startswith(IMAGE_SIGNATURES):
        raise _Invalid("must be a PNG or JPEG image")
    if len(value) > IMAGE_MAX_BYTES:
        raise _Invalid("is larger than 2 MB")
    return value


def _one_of(value: object, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise _Invalid(f"must be one of {', '.join(choices)}")
    return value


def _choice(value: object, binding: FieldBinding) -> str:
    return _one_of(value, binding.choices)


def _language(value: object, _binding: FieldBinding) -> str:
    return _one_of(value, language_codes())


def _flag_word(value: object) -> bool | None:
    key = value.strip().casefold() if isinstance(value, str) else value
    return FLAG_WORDS.get(key) if isinstance(key, bool | str) else None


def _flag(value: object, _binding: FieldBinding) -> str:
    if _flag_word(value) is not True:
        raise _Invalid("must be yes or no")
    return FLAG_YES


def _given(value: object) -> bool:
    """Whether an input holds a value: a blank one means the person left the field empty."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def _flag_given(value: object) -> bool:
    """A box left unticked (or "no") gives nothing; anything else is checked as a flag."""
    return _flag_word(value) is not False and value is not None


def _casefolded(value: str) -> str:
    return value.casefold()


def _name_folded(value: str) -> str:
    """Whatever its case, accents and look-alike letters: "Jérôme" finds "JEROME", and "Ivan"
    finds "Ivan" typed with Cyrillic letters. Look-alikes are compared in lower case, as
    domain names are ("I" and "l" differ)."""
    return _bare(skeleton(value.lower()))


def _bare(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    kept = (c for c in decomposed if not unicodedata.combining(c) and c not in JOINERS)
    return " ".join("".join(kept).split())


def _as_is(value: str) -> str:
    return value


def _image_data_uri(value: str | bytes) -> str:
    """A photo as a ``data:`` URI: the person gets the picture itself."""
    image = value if isinstance(value, bytes) else value.encode()
    kind = "png" if image.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(image).decode()}"


@dataclass(frozen=True)
class FieldKind:
    key: str
    entry: Entry
    fideslang: str
    """The fideslang data category of such a value, unless the field names its own."""
    parse: Callable[[object, FieldBinding], str | bytes]
    given: Callable[[object], bool] = _given
    match_form: Callable[[str], str] = _as_is
    """The form a look-up hash is taken of."""
    exported: Callable[[str | bytes], str] = _as_is
    """How the stored value reads in an access export."""
    binary: bool = False


KINDS: dict[str, FieldKind] = {
    kind.key: kind
    for kind in (
        FieldKind("name", Entry.NAME, "user.name", _name, match_form=_name_folded),
        FieldKind("email", Entry.EMAIL, "user.contact.email", _email, match_form=_casefolded),
        FieldKind("phone", Entry.PHONE, "user.contact.phone_number", _phone),
        FieldKind("text", Entry.LINE, "user.workplace", _text),
        FieldKind("note", Entry.NOTE, "user.content", _note),
        FieldKind("choice", Entry.CHOICE, "user", _choice),
        FieldKind("flag", Entry.FLAG, "user", _flag, given=_flag_given),
        FieldKind("count", Entry.NUMBER, "user", _count),
        FieldKind("last4", Entry.CODE, "user.government_id", _last4),
        FieldKind("plate", Entry.CODE, "user.unique_id", _plate),
        FieldKind("language", Entry.LANGUAGE, "user.behavior", _language),
        FieldKind("address", Entry.ADDRESS, "user.contact", _address),
        FieldKind(
            "image", Entry.CAMERA, "user.biometric", _image, exported=_image_data_uri, binary=True
        ),
    )
}


def kind_of(binding: FieldBinding) -> FieldKind:
    return KINDS[binding.kind]


def normalise(binding: FieldBinding, value: object) -> str | bytes:
    """The value as it will be stored, or :class:`CaptureRefused` saying what is wrong."""
    try:
        return kind_of(binding).parse(value, binding)
    except _Invalid as invalid:
        raise CaptureRefused("invalid_value", f"{binding.key}: {invalid}", binding.key) from None


def given(binding: FieldBinding, value: object) -> bool:
    """Whether ``value`` is an answer (a blank field or an unticked box is none)."""
    return kind_of(binding).given(value)


def lookup_form(binding: FieldBinding, value: str) -> str:
    """The form a look-up hash is taken of: email addresses match whatever their case, names
    whatever their case and accents."""
    return kind_of(binding).match_form(value)


def exported(binding: FieldBinding, value: str | bytes) -> str:
    return kind_of(binding).exported(value)


def fideslang_category(binding: FieldBinding) -> str:
    return binding.fideslang or kind_of(binding).fideslang
