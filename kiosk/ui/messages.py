"""Our errors in the words of the screen's language; the codes come from the services."""

from collections.abc import Callable

from kiosk.errors import CaptureRefused, InvitationError, KioskError, NotFound


def describe(error: KioskError, _: Callable[[str], str]) -> str:
    if isinstance(error, NotFound):
        return _("That host is not in the directory.")
    if isinstance(error, CaptureRefused) and error.reason == "invalid_value":
        field = str(error).split(":", 1)[0]
        labels = {
            "visitor.name": _("Guest's name"),
            "visitor.email": _("Email"),
            "visitor.phone": _("Phone"),
            "visitor.reception_note": _("Note for reception"),
            "visitor.id_last4": _("Last 4 characters of the ID"),
            "visitor.parking_plate": _("Vehicle plate"),
        }
        return _("Please check: {field}").format(field=labels.get(field, field))
    if isinstance(error, InvitationError):
        reasons = {
            "in_the_past": _("That time is already over."),
            "end_before_start": _("The visit must end after it starts."),
            "inactive_host": _("That host is no longer in the directory."),
            "not_for_visit": _("That detail is not asked for this kind of visit."),
        }
        return reasons.get(error.reason, str(error))
    return str(error)
