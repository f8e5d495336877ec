"""The privacy notice a guest reads before anything is asked: the purposes of their kind of
visit (and of the verification the site asks for), in their language, with a QR code to the
full policy."""

from dataclasses import dataclass

from kiosk.notify.qr_image import qr_png
from kiosk.privacy.registry import Intake, Subject
from kiosk.privacy.wording import NoticeItem, NoticeSummary, notice_items, notice_summary, shown_in
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
    summary: NoticeSummary
    items: list[NoticeItem]
    """Each purpose with its legal basis and retention: behind the notice's "?"."""
    consents: list[ConsentOffer]
    policy_qr_png: bytes
    shown_in: str | None
    """The language the policy's words are in, where it has none in the guest's."""


def lobby_notice(kiosk: Kiosk, intake: Intake, visit_type: str, language: str) -> LobbyNotice:
    """The purposes of the kind of visit; the verification's, where the site asks for an ID
    or a photo; and, for a walk-in, the one their language is recorded for."""
    registry, policy = kiosk.gateway.registry, kiosk.gateway.policy
    purposes = list(registry.visit_types[visit_type].purposes)
    verifies = kiosk.settings.verification != "none"
    if verifies or photo_required(kiosk):
        purposes.append(registry.purpose_for(VERIFIED_BY, intake, visit_type))
    if intake is Intake.WALK_IN:
        purposes.append(registry.purpose_for(LANGUAGE_FIELD, intake, visit_type))
    purposes = [purpose for purpose in purposes if purpose]
    kept = [  # what this check-in keeps
        key
        for key, binding in registry.fields.items()
        if binding.subject is Subject.VISITOR
        and policy.field_enabled(binding)
        and (
            registry.purpose_for(key, intake, visit_type) in purposes
            or (verifies and key == VERIFIED_BY)
        )
    ]
    return LobbyNotice(
        controller=registry.text(registry.controller.name, language),
        contact=registry.controller.email,
        summary=notice_summary(policy, purposes, kept, language),
        items=notice_items(policy, purposes, language),
        consents=[
            ConsentOffer(purpose.key, registry.text(purpose.description, language))
            for purpose in policy.consent_purposes(Subject.VISITOR)
        ],
        policy_qr_png=qr_png(kiosk.settings.policy_url, box_size=4),
        shown_in=shown_in(registry, language),
    )
