"""The privacy notice a guest reads before anything is asked: the purposes of their kind of
visit (and of the verification the site asks for), in their language, with a QR code to the
full policy."""

from dataclasses import dataclass

from kiosk.notify.qr_image import qr_png
from kiosk.privacy.registry import Subject
from kiosk.privacy.wording import NoticeItem, notice_items
from kiosk.services.bootstrap import Kiosk


@dataclass(frozen=True)
class ConsentOffer:
    """A box the guest may tick (unticked until they do), for a purpose resting on consent."""

    purpose: str
    text: str


@dataclass(frozen=True)
class LobbyNotice:
    controller: str
    items: list[NoticeItem]
    consents: list[ConsentOffer]
    policy_qr_png: bytes


def lobby_notice(kiosk: Kiosk, visit_type: str, language: str) -> LobbyNotice:
    registry, policy = kiosk.gateway.registry, kiosk.gateway.policy
    purposes = list(registry.visit_types[visit_type].purposes)
    if kiosk.settings.verification != "none":
        purposes.append("visitor-verification")
    return LobbyNotice(
        controller=registry.controller,
        items=notice_items(policy, purposes, language),
        consents=[
            ConsentOffer(purpose.key, purpose.description[language])
            for purpose in policy.consent_purposes(Subject.VISITOR)
        ],
        policy_qr_png=qr_png(kiosk.settings.policy_url, box_size=4),
    )
