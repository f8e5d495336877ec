"""Faults a person can act on. Each carries one sentence; the edges print it, not a traceback."""


class KioskError(Exception):
    """A fault caused by input or environment that the user can fix (the CLI exits 2)."""


class SettingsError(KioskError):
    """A setting is unknown, malformed or out of range."""


class KeyFileError(KioskError):
    """The site key file is missing, unreadable, malformed or readable by others."""


class UnreadableValue(KioskError):
    """A stored value does not decrypt with the site's key: it was damaged."""


class DatabaseUnavailable(KioskError):
    """The database cannot be reached or opened."""


class RegistryError(KioskError):
    """A purpose registry file breaks a rule; the message names the file, line and entry."""


class RefusedInput(KioskError):
    """Input refused as it was given; nothing was stored.

    ``reason`` is a stable code for the edges to translate, ``field`` the registry field it is
    about (``visitor.email``), if any; the message says what to do.
    """

    def __init__(self, reason: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.field = field


class CaptureRefused(RefusedInput):
    """The gateway refused to store a value."""


class NotFound(KioskError):
    """What the command names does not exist (no such host, invitation, code)."""


class Conflict(KioskError):
    """The request contradicts what is stored (a host already in the directory)."""


class InvitationError(RefusedInput):
    """An invitation or a visit cannot be made, changed or used as asked."""


class WriteConflict(KioskError):
    """Another kiosk wrote the same thing at the same moment; the transaction was undone."""
