"""Faults a person can act on. Each carries one sentence; the edges print it, not a traceback."""


class KioskError(Exception):
    """A fault caused by input or environment that the user can fix (the CLI exits 2)."""


class SettingsError(KioskError):
    """A setting is unknown, malformed or out of range."""


class KeyFileError(KioskError):
    """The site key file is missing, unreadable, malformed or readable by others."""


class DatabaseUnavailable(KioskError):
    """The database cannot be reached or opened."""


class RegistryError(KioskError):
    """A purpose registry file breaks a rule; the message names the file, line and entry."""


class CaptureRefused(KioskError):
    """The gateway refused to store a value; nothing was stored.

    ``reason`` is a stable code for the edges to translate; the message says what to do.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotFound(KioskError):
    """What the command names does not exist (no such host, invitation, code)."""


class Conflict(KioskError):
    """The request contradicts what is stored (a host already in the directory)."""


class InvitationError(KioskError):
    """An invitation cannot be made, changed or used as asked; ``reason`` is a stable code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class WriteConflict(KioskError):
    """Another kiosk wrote the same thing at the same moment; the transaction was undone."""
