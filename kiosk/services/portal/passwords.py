"""Staff passwords: random, shown once, kept as argon2 hashes."""

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PASSWORD_BYTES = 12
HASHER = PasswordHasher()


@functools.cache
def unusable_hash() -> str:
    """Checked against when there is no account, so that a wrong email takes as long as a
    wrong password; no one knows what it is a hash of. Made once, when the portal starts (not
    by every command that imports this: hashing takes a tenth of a second)."""
    return HASHER.hash(secrets.token_urlsafe(PASSWORD_BYTES))


def new_password() -> tuple[str, str]:
    """A random password and its hash."""
    password = secrets.token_urlsafe(PASSWORD_BYTES)
    return password, HASHER.hash(password)


def password_matches(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
