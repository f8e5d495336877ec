"""Secrets of the web portal: sign-in links, session cookies and form (CSRF) tokens.

Each secret is random and goes only to the person (in an email, a cookie); the database keeps a
keyed hash of it, so a copy of the database opens no session. A form token is a keyed hash of
the browser's own random cookie and of its session, so a page on another site cannot make one.
"""

import hashlib
import hmac
import secrets

from kiosk.privacy.crypto import derive_key

SECRET_BYTES = 32


class PortalSecrets:
    def __init__(self, site_key: bytes) -> None:
        self._key = derive_key(site_key, "kiosk portal secrets v1")

    def _mac(self, use: str, value: str) -> bytes:
        return hmac.new(self._key, f"{use}\0{value}".encode(), hashlib.sha256).digest()

    @staticmethod
    def new_secret() -> str:
        return secrets.token_urlsafe(SECRET_BYTES)

    def digest(self, use: str, secret: str) -> bytes:
        """What the database keeps of a secret of ``use`` ("link", "session", "try")."""
        return self._mac(use, secret)

    def form_token(self, browser_secret: str, session_secret: str = "") -> str:
        """The token of a browser's forms, bound to its session once it has one: a cookie a
        sibling site set cannot make a signed-in person's forms."""
        return self._mac("form", f"{browser_secret}\0{session_secret}").hex()

    def form_token_matches(self, browser_secret: str, session_secret: str, token: str) -> bool:
        return hmac.compare_digest(self.form_token(browser_secret, session_secret), token)
