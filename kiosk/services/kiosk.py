"""The kiosk a use case works with: what every service function takes first. It is built by
:func:`kiosk.services.bootstrap.open_kiosk`, the wiring that only front ends start."""

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.badge.printers import BadgePrinter
from kiosk.privacy.audit_trail import AuditTrail
from kiosk.privacy.gateway import CaptureGateway
from kiosk.privacy.portal_secrets import PortalSecrets
from kiosk.privacy.tokens import Tokens
from kiosk.settings import Settings
from kiosk.store.kiosk_id_claim import Release
from kiosk.store.repositories import SiteRecord
from kiosk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Kiosk:
    """Everything a use case needs; built by :func:`open_kiosk`."""

    settings: Settings
    site: SiteRecord
    unit_of_work: Callable[[], UnitOfWork]
    gateway: CaptureGateway
    audit: AuditTrail
    tokens: Tokens
    """Invitation tokens (in the invitation's QR code)."""
    badge_tokens: Tokens
    """Badge tokens (in the badge's QR code, scanned to sign out)."""
    page_tokens: Tokens
    """The secret part of a guest's invitation page's link."""
    portal_secrets: PortalSecrets
    printer: BadgePrinter
    claim_id: Callable[[], Release | None]
    """Holds this kiosk's id while it runs (see :mod:`kiosk.store.kiosk_id_claim`)."""

    @property
    def actor(self) -> str:
        """How this kiosk signs what it records."""
        return f"kiosk:{self.settings.kiosk_id}"
