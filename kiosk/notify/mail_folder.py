"""Writes each message as an ``.eml`` file into a folder instead of sending it (``[mail]
smtp_url = "folder:DIR"``): for the demo, and to see what a guest will receive."""

from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from kiosk.notify.smtp import MailDeferred

FOLDER_SCHEME = "folder:"


class FolderTransport:
    def __init__(self, url: str) -> None:
        self._folder = Path(url.removeprefix(FOLDER_SCHEME)).expanduser()

    def send(self, message: EmailMessage) -> None:
        """Writes the message whole or not at all (under a temporary name, then renamed)."""
        name = message["Message-ID"].strip("<>").replace("/", "_")
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
            partial = self._folder / f".{name}.part"
            partial.write_bytes(message.as_bytes(policy=SMTP))
            partial.replace(self._folder / f"{name}.eml")
        except OSError as error:
            raise MailDeferred(f"{type(error).__name__}: {error}"[:200]) from None
