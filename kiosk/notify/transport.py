"""The mail transport the settings name: a mail server, or a folder of ``.eml`` files."""

from kiosk.notify.mail_folder import FOLDER_SCHEME, FolderTransport
from kiosk.notify.smtp import SmtpTransport


def mail_transport(url: str) -> SmtpTransport | FolderTransport:
    return FolderTransport(url) if url.startswith(FOLDER_SCHEME) else SmtpTransport(url)
