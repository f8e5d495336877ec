"""Why reception is asked to act: every reason an alert can carry, on the services' ground
floor so that the floor which raises an alert and the one which words it both reach it."""

from enum import StrEnum


class AlertReason(StrEnum):
    # A guest sent to reception by a check-in (the guest is never told which).
    STAFF_CHECK = "staff_check"
    NO_ID_SHOWN = "no_id_shown"
    ID_MISMATCH = "id_mismatch"
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
    # The badge, and the kiosks themselves.
    NOT_PRINTED = "badge_not_printed"
    TOO_MANY_CODES = "too_many_codes"
    STAFF_PIN_LOCKED = "staff_pin_locked"
    DUPLICATE_KIOSK_ID = "duplicate_kiosk_id"


KIOSK_ALERTS = (
    AlertReason.TOO_MANY_CODES,
    AlertReason.STAFF_PIN_LOCKED,
    AlertReason.DUPLICATE_KIOSK_ID,
)
"""Alerts about a kiosk rather than a guest."""
