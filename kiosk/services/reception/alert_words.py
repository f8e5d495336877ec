"""What each alert is about, in staff's words (the edge passes its translator): one table for
the kiosk's staff mode and the portal's reception pages."""

from collections.abc import Callable

from kiosk.services.lobby.flow import TOO_MANY_CODES
from kiosk.services.lobby.kiosk_id import DUPLICATE_KIOSK_ID
from kiosk.services.lobby.staff_pin import STAFF_PIN_LOCKED

KIOSK_ALERTS = (TOO_MANY_CODES, STAFF_PIN_LOCKED, DUPLICATE_KIOSK_ID)
"""Alerts about a kiosk rather than a guest."""


def reason_text(reason: str, _: Callable[[str], str]) -> str:
    """Why a guest was sent to reception, in staff's words."""
    texts = {
        "staff_check": _("Check their ID"),
        "no_id_shown": _("Gave no ID"),
        "id_mismatch": _("ID does not match the invitation"),
        "deny_list": _("On the deny list"),
        "not_me": _("Says the invitation is not theirs"),
        "no_photo": _("No photo taken: check them"),
        "badge_not_printed": _("Badge did not print"),
        "forged": _("Code is not one of our invitations"),
        "not_yet_valid": _("Invitation is for a later time"),
        "expired": _("Invitation has expired"),
        "used": _("Invitation already used"),
        "cancelled": _("Invitation was cancelled"),
        "unknown_badge": _("Badge is not one of today's"),
        TOO_MANY_CODES: _("Many wrong codes in a row: codes are slowed down"),
        STAFF_PIN_LOCKED: _("Wrong staff PINs: staff mode is locked"),
        DUPLICATE_KIOSK_ID: _("Another kiosk is running with this kiosk's id"),
    }
    return texts.get(reason, reason)
