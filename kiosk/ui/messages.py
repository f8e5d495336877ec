"""Our errors in the words of the screen's language; the codes come from the services."""

from collections.abc import Callable

from kiosk.errors import InvitationError, KioskError, NotFound, RefusedInput
from kiosk.services.reception.printer import PrinterState, PrinterStatus


def describe(
    error: KioskError, _: Callable[[str], str], label_of: Callable[[str | None], str | None]
) -> str:
    """The error for the person at the form; ``label_of`` gives a field's label on it."""
    if isinstance(error, NotFound):
        return _("That host is not in the directory.")
    if isinstance(error, RefusedInput) and label_of(error.field):
        return _("Please check: {field}").format(field=label_of(error.field))
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
        PrinterState.UNKNOWN: _("not answering as a printer"),
        PrinterState.SILENT: _("connected (it reports no status)"),
        PrinterState.PREVIEW: _("preview only (badges are saved as pictures)"),
    }
    return states[status.state]
