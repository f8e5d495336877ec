"""The printer's state in the words of the screen's language."""

from collections.abc import Callable

from kiosk.services.reception.printer import PrinterState, PrinterStatus


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
