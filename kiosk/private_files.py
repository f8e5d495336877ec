"""Files that may hold personal data (badge previews, access exports, the erasure ledger, the
database): readable by the kiosk's own user only, in folders only it can open."""

import os
from pathlib import Path

FILE_MODE, FOLDER_MODE = 0o600, 0o700


def private_folder(path: Path) -> Path:
    """``path`` made if missing, its new folders open to the kiosk's user only."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    return path


def write_private(path: Path, content: bytes | str) -> Path:
    """Writes ``content`` to ``path`` with mode 0600, whatever the umask, and whatever mode a
    file already there had."""
    private_folder(path.parent)
    data = content.encode("utf-8") if isinstance(content, str) else content
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(data)
    return path


def append_private(path: Path, line: str) -> None:
    """Appends ``line`` to a 0600 file and flushes it to disk before returning."""
    private_folder(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())
