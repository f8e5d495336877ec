"""Faults a person can act on. Each carries one sentence for the command line and the log,
and a ``reason``: a stable code the edges put in the reader's language (:mod:`kiosk.words`),
with ``details`` for the words' placeholders. The edges print either, never a traceback."""


class KioskError(Exception):
    """A fault caused by input or environment that the user can fix (the CLI exits 2)."""

    reason = "error"
    """What went wrong, as a code the edges translate (each class has its own default)."""

    def __init__(self, message: str = "", *, reason: str | None = None, **details: object):
        super().__init__(message)
        if reason is not None:
            self.reason = reason
        self.details = details


class SettingsError(KioskError):
    """A setting is unknown, malformed or out of range."""

    reason = "settings"


class KeyFileError(KioskError):
    """The site key file is missing, unreadable, malformed or readable by others."""

    reason = "key_file"


class UnreadableValue(KioskError):
    """A stored value does not decrypt with the site's key: it was damaged."""

    reason = "unreadable_value"


class DatabaseUnavailable(KioskError):
    """The database cannot be reached or opened."""

    reason = "database_unavailable"


class RegistryError(KioskError):
    """A purpose registry file breaks a rule; the message names the file, line and entry."""

    reason = "registry"


class RefusedInput(KioskError):
    """Input refused as it was given; nothing was stored.

    ``reason`` is a stable code for the edges to translate, ``field`` the registry field it is
    about (``visitor.email``), if any; the message says what to do.
    """

    def __init__(
        self, reason: str, message: str, field: str | None = None, **details: object
    ) -> None:
        super().__init__(message, reason=reason, **details)
        self.field = field


class CaptureRefused(RefusedInput):
    """The gateway refused to store a value."""


class NotFound(KioskError):
    """What the command names does not exist (no such host, invitation, code)."""

    reason = "not_found"


class Conflict(KioskError):
    """The request contradicts what is stored (a host already in the directory)."""

    reason = "conflict"


class InvitationError(RefusedInput):
    """An invitation or a visit cannot be made, changed or used as asked."""


class WriteConflict(KioskError):
    """Another kiosk wrote the same thing at the same moment; the transaction was undone."""

    reason = "write_conflict"


class BackupRefused(KioskError):
    """A backup cannot be taken or restored as asked; the message says why and what to do."""

    reason = "backup_refused"
