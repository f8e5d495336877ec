"""Our errors in the words of the screen's language; the codes come from the services."""

from collections.abc import Callable

from kiosk.errors import CaptureRefused, InvitationError, KioskError, NotFound
from kiosk.services.outbox.badges import PrinterState, PrinterStatus


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
            "visitor.deny_name": _("Name"),
            "visitor.deny_reason": _("Reason (for staff)"),
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


def printer_state(status: PrinterStatus, _: Callable[[str], str]) -> str:
    """The printer's state for staff; the technical detail stays in the log and the CLI."""
    states = {
        PrinterState.READY: _("ready, paper OK"),
        PrinterState.PAPER_NEAR_END: _("ready, paper almost out"),
        PrinterState.PAPER_OUT: _("out of paper"),
        PrinterState.COVER_OPEN: _("cover open"),
        PrinterState.OFFLINE: _("offline"),
        PrinterState.UNREACHABLE: _("not reachable"),
        PrinterState.SILENT: _("connected (it reports no status)"),
        PrinterState.PREVIEW: _("preview only (badges are saved as pictures)"),
    }
    return states[status.state]
