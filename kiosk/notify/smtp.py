"""Sends a message over SMTP (plain, STARTTLS or SSL, from the settings' URL) and translates
what can go wrong into three outcomes the outbox acts on: try later, give up, or "may have
gone out" when the link broke after the message was handed over."""

import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import unquote, urlsplit

from kiosk.errors import SettingsError

TIMEOUT_S = 10


class MailDeferred(Exception):
    """Not sent; safe to try again later (server down, busy, or a 4xx answer)."""


class MailRejected(Exception):
    """Not sent, and sending again will not help (a 5xx answer: bad address, refused)."""


class MailUncertain(Exception):
    """The connection broke while the message was being handed over: it may have gone out."""


class SmtpTransport:
    def __init__(self, url: str | None, timeout: float = TIMEOUT_S) -> None:
        if not url:
            raise SettingsError(
                "mail.smtp_url is not set; the kiosk cannot send email", reason="no_mail_server"
            )
        parts = urlsplit(url)
        self._scheme = parts.scheme
        self._host = parts.hostname or "localhost"
        self._port = parts.port or {"smtps": 465, "smtp+starttls": 587}.get(parts.scheme, 25)
        self._user = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password) if parts.password else None
        self._timeout = timeout

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self._scheme == "smtps":
            return smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=context)
        client = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        if self._scheme == "smtp+starttls":
            client.starttls(context=context)
        return client

    def send(self, message: EmailMessage) -> None:
        try:
            client = self._connect()
        except (OSError, smtplib.SMTPException) as error:
            raise MailDeferred(_reason(error)) from None
        try:
            try:
                client.ehlo_or_helo_if_needed()
                if self._user:
                    client.login(self._user, self._password or "")
                _check(client.mail(message["From"]))
                for recipient in message.get_all("To", []):
                    _check(client.rcpt(recipient))
            except (OSError, smtplib.SMTPException) as error:
                raise _before_data(error) from None
            try:
                _check(client.data(message.as_bytes(policy=SMTP)))
            except smtplib.SMTPResponseException as error:
                raise _before_data(error) from None
            except (OSError, smtplib.SMTPException) as error:
                raise MailUncertain(_reason(error)) from None
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()


def _check(reply: tuple[int, bytes]) -> None:
    """smtplib answers MAIL, RCPT and the end of DATA with a code rather than an error."""
    code, answer = reply
    if code >= 400:
        raise smtplib.SMTPResponseException(code, answer)


def _before_data(error: Exception) -> Exception:
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500:
        return MailRejected(_reason(error))
    return MailDeferred(_reason(error))


def _reason(error: Exception) -> str:
    """The error without addresses: a code and the server's words, or the socket's."""
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error.decode(errors="replace") if error.smtp_error else ""
        return f"SMTP {error.smtp_code} {text.split('<')[0].strip()}"[:200]
    return f"{type(error).__name__}: {error}"[:200]
