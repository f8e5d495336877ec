"""Encryption at rest (AES-GCM) and keyed look-up hashes (HMAC-SHA256) for personal values.

Keys are derived from the site key with HKDF and live only in memory; the database holds
ciphertext and hashes, never a key.
"""

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.errors import UnreadableValue

CIPHER_VERSION = b"\x01"
NONCE_BYTES = 12


def derive_key(site_key: bytes, use: str) -> bytes:
    """A 32-byte key for one use (``"field encryption"``, ``"audit chain"``, ...)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=use.encode()).derive(site_key)


def key_check(site_key: bytes) -> str:
    """A keyed hash that tells whether a key file is the one a site's data was written with,
    and reveals nothing of the key."""
    check_key = derive_key(site_key, "kiosk key check v1")
    return hmac.new(check_key, b"site key check", hashlib.sha256).hexdigest()


class FieldCipher:
    def __init__(self, site_key: bytes) -> None:
        self._aead = AESGCM(derive_key(site_key, "kiosk field encryption v1"))
        self._lookup_key = derive_key(site_key, "kiosk look-up hash v1")

    def encrypt(self, plaintext: bytes, context: str) -> bytes:
        """Ciphertext bound to ``context`` (subject, field, purpose): it cannot be moved to
        another row and still decrypt."""
        nonce = os.urandom(NONCE_BYTES)
        return CIPHER_VERSION + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def decrypt(self, sealed: bytes, context: str) -> bytes:
        version, nonce, body = sealed[:1], sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        if version != CIPHER_VERSION:
            raise UnreadableValue("a stored value was sealed with an unknown cipher version")
        try:
            return self._aead.decrypt(nonce, body, context.encode())
        except InvalidTag:
            raise UnreadableValue("a stored value does not decrypt: it is damaged") from None

    def lookup_hash(self, field: str, normalised: str) -> bytes:
        """Equal for equal values of one field, useless without the site key."""
        message = f"{field}\x1f{normalised}".encode()
        return hmac.new(self._lookup_key, message, hashlib.sha256).digest()
