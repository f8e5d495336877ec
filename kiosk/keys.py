"""The site key: 32 random bytes in a file of its own, outside the database.

Later layers derive their keys from it (token signatures, encryption at rest, keyed hashes).
"""

import base64
import os
import secrets
import stat
from pathlib import Path

from kiosk.errors import KeyFileError

KEY_BYTES = 32


def load_site_key(path: Path) -> bytes:
    """The site key from its file. Refuses a missing file, one that other users can read or
    write, and one that is not a key."""
    if not path.exists():
        raise KeyFileError(f"the key file {path} is missing; restore it from your backup")
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyFileError(f"key file {path} is open to other users; run: chmod 600 {path}")
        key = base64.urlsafe_b64decode(path.read_text(encoding="ascii").strip())
    except OSError as error:
        raise KeyFileError(f"cannot read the key file {path} ({error.strerror})") from None
    except (ValueError, UnicodeDecodeError):
        raise KeyFileError(f"key file {path} does not hold a key; restore it from backup") from None
    if len(key) != KEY_BYTES:
        raise KeyFileError(f"key file {path} does not hold a {KEY_BYTES}-byte key")
    return key


def create_site_key(path: Path) -> None:
    """Writes a new key (mode 0600) beside ``path`` and links it into place, so two kiosks
    starting at once cannot both create one: the second link fails and that process reads the
    first key."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    except OSError as error:
        raise KeyFileError(f"cannot create the key file {path} ({error.strerror})") from None
