"""Why reception is asked to act: every reason an alert can carry, and its words for staff (the
edge passes its translator), on the services' ground floor so that every floor which raises an
alert or tells someone of it reaches them."""

from collections.abc import Callable
from enum import StrEnum


class AlertReason(StrEnum):
    # A guest sent to reception by a check-in (the guest is never told which).
    STAFF_CHECK = "staff_check"
    NO_ID_SHOWN = "no_id_shown"
    ID_MISMATCH = "id_mismatch"
    NO_ID_TO_MATCH = "no_id_to_match"
    DENY_LIST = "deny_list"
    NOT_ME = "not_me"
    NO_PHOTO = "no_photo"
    # A code or badge the kiosk refused (the invitation refusals keep their reasons).
    FORGED = "forged"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    USED = "used"
    CANCELLED = "cancelled"
    UNKNOWN_BADGE = "unknown_badge"
    BADGE_LOST = "badge_lost"
    # The badge, and the kiosks themselves.
    NOT_PRINTED = "badge_not_printed"
    PAPER_OUT = "printer_paper_out"
    TOO_MANY_CODES = "too_many_codes"
    STAFF_PIN_LOCKED = "staff_pin_locked"
    DUPLICATE_KIOSK_ID = "duplicate_kiosk_id"
    # The portal.
    PASSWORD_GUESSING = "password_guessing"
    REQUEST_DUE = "privacy_request_due"


KIOSK_ALERTS = (
    AlertReason.PAPER_OUT,
    AlertReason.TOO_MANY_CODES,
    AlertReason.STAFF_PIN_LOCKED,
    AlertReason.DUPLICATE_KIOSK_ID,
    AlertReason.PASSWORD_GUESSING,
    AlertReason.REQUEST_DUE,
)
"""Alerts about a kiosk or the portal rather than a guest."""


def reason_text(reason: str, _: Callable[[str], str]) -> str:
    """Why a guest was sent to reception, in staff's words."""
    texts = {
        AlertReason.STAFF_CHECK: _("Check their ID"),
        AlertReason.NO_ID_SHOWN: _("Gave no ID"),
        AlertReason.ID_MISMATCH: _("ID does not match the invitation"),
        AlertReason.NO_ID_TO_MATCH: _("The invitation has no ID to match: check their ID"),
        AlertReason.DENY_LIST: _("On the deny list"),
        AlertReason.NOT_ME: _("Says the invitation is not theirs"),
        AlertReason.NO_PHOTO: _("No photo taken: check them"),
        AlertReason.NOT_PRINTED: _("Badge did not print"),
        AlertReason.PAPER_OUT: _("The printer is out of paper"),
        AlertReason.FORGED: _("Code is not one of our invitations"),
        AlertReason.NOT_YET_VALID: _("Invitation is for a later time"),
        AlertReason.EXPIRED: _("Invitation has expired"),
        AlertReason.USED: _("Invitation already used"),
        AlertReason.CANCELLED: _("Invitation was cancelled"),
        AlertReason.UNKNOWN_BADGE: _("Badge is not one of today's"),
        AlertReason.BADGE_LOST: _("Signed out without their badge: it is still in the building"),
        AlertReason.TOO_MANY_CODES: _("Many wrong codes in a row: codes are slowed down"),
        AlertReason.STAFF_PIN_LOCKED: _("Wrong staff PINs: staff mode is locked"),
        AlertReason.DUPLICATE_KIOSK_ID: _("Another kiosk is running with this kiosk's id"),
        AlertReason.PASSWORD_GUESSING: _(
            "Many wrong passwords for a staff account: its owner signs in from a known device "
            "or by an emailed link"
        ),
        AlertReason.REQUEST_DUE: _(
            "A guest's privacy request must be answered within 24 hours: see Requests"
        ),
    }
    return texts.get(reason, reason)
