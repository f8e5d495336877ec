"""The privacy notice a guest reads before anything is asked: the purposes of their kind of
visit (and of the verification the site asks for), in their language, with a QR code to the
full policy."""

from dataclasses import dataclass

from kiosk.notify.qr_image import qr_png
from kiosk.privacy.registry import Intake, Subject
from kiosk.privacy.wording import NoticeItem, notice_items, shown_in
from kiosk.services.kiosk import Kiosk
from kiosk.services.visits.admission import photo_required

VERIFIED_BY, LANGUAGE_FIELD = "visitor.id_last4", "visitor.language"


@dataclass(frozen=True)
class ConsentOffer:
    """A box the guest may tick (unticked until they do), for a purpose resting on consent."""

    purpose: str
    text: str


@dataclass(frozen=True)
class LobbyNotice:
    controller: str
    contact: str
    """Where the guest writes about their data."""
    items: list[NoticeItem]
    consents: list[ConsentOffer]
    policy_qr_png: bytes
    shown_in: str | None
    """The language the policy's words are in, where it has none in the guest's."""


def lobby_notice(kiosk: Kiosk, intake: Intake, visit_type: str, language: str) -> LobbyNotice:
    """The purposes of the kind of visit; the verification's, where the site asks for an ID
    or a photo; and, for a walk-in, the one their language is recorded for."""
    registry, policy = kiosk.gateway.registry, kiosk.gateway.policy
    purposes = list(registry.visit_types[visit_type].purposes)
    if kiosk.settings.verification != "none" or photo_required(kiosk):
        purposes.append(registry.purpose_for(VERIFIED_BY, intake, visit_type))
    if intake is Intake.WALK_IN:
        purposes.append(registry.purpose_for(LANGUAGE_FIELD, intake, visit_type))
    return LobbyNotice(
        controller=registry.text(registry.controller.name, language),
        contact=registry.controller.email,
        items=notice_items(policy, [p for p in purposes if p], language),
        consents=[
            ConsentOffer(purpose.key, registry.text(purpose.description, language))
            for purpose in policy.consent_purposes(Subject.VISITOR)
        ],
        policy_qr_png=qr_png(kiosk.settings.policy_url, box_size=4),
        shown_in=shown_in(registry, language),
    )
