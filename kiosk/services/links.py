"""Where the links the kiosk sends point: a guest's own invitation page on the portal (reached
only through its link, an unguessable token that a new one revokes), and the calendar event
every copy of an invitation names."""

from kiosk.services.kiosk import Kiosk

GUEST_PAGE = "/i/"


def guest_page_url(kiosk: Kiosk, invitation_id: int, page_nonce: bytes | None = None) -> str:
    """The page's link; ``page_nonce`` is the invitation's, drawn when a link was revoked."""
    token = kiosk.page_tokens.token(invitation_id, page_nonce or b"")
    return f"{kiosk.settings.portal_url}{GUEST_PAGE}{token}"


def calendar_uid(kiosk: Kiosk, invitation_id: int) -> str:
    """The invitation's calendar event, the same in every email and download of it."""
    return f"invitation-{invitation_id}-site-{kiosk.site.id}@lobby-kiosk"
