"""What each alert is about, in staff's words (the edge passes its translator): one table for
the kiosk's staff mode and the portal's reception pages."""

from collections.abc import Callable

from kiosk.services.alert_reasons import KIOSK_ALERTS as KIOSK_ALERTS
from kiosk.services.alert_reasons import AlertReason


def reason_text(reason: str, _: Callable[[str], str]) -> str:
    """Why a guest was sent to reception, in staff's words."""
    texts = {
        AlertReason.STAFF_CHECK: _("Check their ID"),
        AlertReason.NO_ID_SHOWN: _("Gave no ID"),
        AlertReason.ID_MISMATCH: _("ID does not match the invitation"),
        AlertReason.DENY_LIST: _("On the deny list"),
        AlertReason.NOT_ME: _("Says the invitation is not theirs"),
        AlertReason.NO_PHOTO: _("No photo taken: check them"),
        AlertReason.NOT_PRINTED: _("Badge did not print"),
        AlertReason.FORGED: _("Code is not one of our invitations"),
        AlertReason.NOT_YET_VALID: _("Invitation is for a later time"),
        AlertReason.EXPIRED: _("Invitation has expired"),
        AlertReason.USED: _("Invitation already used"),
        AlertReason.CANCELLED: _("Invitation was cancelled"),
        AlertReason.UNKNOWN_BADGE: _("Badge is not one of today's"),
        AlertReason.TOO_MANY_CODES: _("Many wrong codes in a row: codes are slowed down"),
        AlertReason.STAFF_PIN_LOCKED: _("Wrong staff PINs: staff mode is locked"),
        AlertReason.DUPLICATE_KIOSK_ID: _("Another kiosk is running with this kiosk's id"),
    }
    return texts.get(reason, reason)
