"""Signed tokens for QR codes (an invitation's, a badge's) and short codes typed at the kiosk.

A token is a prefix naming its use, the row's id and an HMAC under a key derived from the site
key for that use, in 23 URL-safe characters, so it fits a version-2 QR code at error
correction M and cannot be forged without the key file. A short code is 8 characters without
look-alikes (no 0/O, 1/I/L), derived from a random nonce kept with the invitation; the
database keeps only that nonce and a keyed hash of the code for look-up, and neither gives
the code without the key.
Whether a genuine token may still be used (its window, cancelled, used) is the invitation's
state, checked by the arrival service.
"""

import base64
import binascii
import hashlib
import hmac

from kiosk.privacy.crypto import derive_key

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
_ID_BYTES = 4
_MAC_BYTES = 12


class Tokens:
    """Tokens of one use: ``Tokens(key, "invitation", "I")`` never accepts a badge's."""

    def __init__(self, site_key: bytes, use: str, prefix: str) -> None:
        self._key = derive_key(site_key, f"kiosk {use} tokens v1")
        self._prefix = prefix

    def _mac(self, label: bytes, row_id: int) -> bytes:
        message = label + row_id.to_bytes(_ID_BYTES, "big")
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def token(self, row_id: int, salt: bytes = b"") -> str:
        """The row's token; a row with a ``salt`` of its own (drawn anew to revoke the last
        token) has a token that no other salt gives."""
        body = row_id.to_bytes(_ID_BYTES, "big")
        mac = self._mac(b"token" + salt, row_id)[:_MAC_BYTES]
        return self._prefix + base64.urlsafe_b64encode(body + mac).decode().rstrip("=")

    def claimed_id(self, token: str) -> int | None:
        """The id a token claims to be for, not yet checked (see :meth:`id_of`)."""
        if not token.startswith(self._prefix) or len(token) != 23:
            return None
        try:
            raw = base64.urlsafe_b64decode(token[1:] + "=" * (-len(token[1:]) % 4))
        except (binascii.Error, ValueError):
            return None
        if len(raw) != _ID_BYTES + _MAC_BYTES:
            return None
        return int.from_bytes(raw[:_ID_BYTES], "big")

    def id_of(self, token: str, salt: bytes = b"") -> int | None:
        """The id inside a genuine token; None for anything forged, mangled or foreign."""
        row_id = self.claimed_id(token)
        if row_id is None:
            return None
        # Compared as text, not as decoded bytes: base64 ignores the spare bits of the last
        # character, so two spellings would decode alike.
        return row_id if hmac.compare_digest(token, self.token(row_id, salt)) else None

    def short_code(self, nonce: bytes) -> str:
        """The code of the invitation holding ``nonce`` (random, drawn when it is made)."""
        digest = hmac.new(self._key, b"code" + nonce, hashlib.sha256).digest()
        number = int.from_bytes(digest[:8], "big")
        letters = []
        for _ in range(CODE_LENGTH):
            number, index = divmod(number, len(CODE_ALPHABET))
            letters.append(CODE_ALPHABET[index])
        return "".join(letters)

    def code_digest(self, code: str) -> bytes:
        """What the database keeps to find an invitation by its short code."""
        return hmac.new(self._key, b"lookup" + code.encode(), hashlib.sha256).digest()


def normalise_code(typed: str) -> str | None:
    """A typed short code in canonical form (upper case, no spaces or dashes), or None."""
    code = "".join(typed.split()).replace("-", "").upper()
    if len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code):
        return code
    return None
