"""Our errors in the reader's language, for every front end: the codes come from the services,
the words from the catalogs."""

from collections.abc import Callable

from kiosk.errors import InvitationError, KioskError, NotFound, RefusedInput


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
