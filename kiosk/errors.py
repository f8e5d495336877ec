"""Faults a person can act on. Each carries one sentence; the edges print it, not a traceback."""


class KioskError(Exception):
    """A fault caused by input or environment that the user can fix (the CLI exits 2)."""


class SettingsError(KioskError):
    """A setting is unknown, malformed or out of range."""


class KeyFileError(KioskError):
    """The site key file is missing, unreadable, malformed or readable by others."""


class DatabaseUnavailable(KioskError):
    """The database cannot be reached or opened."""
