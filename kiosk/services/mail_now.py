"""Mail that is sent at once or not at all (a sign-in link, a link to one's data, the answer to
a request): no outbox, since a link is no use later and the person simply asks again."""

import logging
from email.message import EmailMessage

from kiosk.notify.smtp import MailDeferred, MailRejected, MailUncertain
from kiosk.notify.transport import mail_transport
from kiosk.services.kiosk import Kiosk

log = logging.getLogger("kiosk.mail")


def send_now(kiosk: Kiosk, message: EmailMessage, what: str) -> bool:
    """Sends ``message``; whether it went out. A failure is logged as ``what`` was not sent,
    without the address."""
    if not kiosk.settings.smtp_url:
        log.warning("%s was not sent: mail.smtp_url is not set", what)
        return False
    try:
        mail_transport(kiosk.settings.smtp_url).send(message)
    except (MailDeferred, MailRejected, MailUncertain) as error:
        log.warning("%s was not sent: %s", what, error)
        return False
    return True
