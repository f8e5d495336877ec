"""Invitations leave through a mail server as buildings run them: STARTTLS on submission or
TLS from the first byte, with a login, the server's certificate checked; a refusal (a wrong
password, an unknown address) is given up on with the server's reason, not retried."""

from email.message import EmailMessage

import pytest

from kiosk.notify.smtp import MailDeferred, MailRejected, SmtpTransport
from kiosk.services.invitations.invite import invite
from tests.builders import request, send_mail
from tests.mail_server import SecureMailServer

pytestmark = pytest.mark.filterwarnings(
    "ignore:Requiring AUTH while not requiring TLS"  # aiosmtpd does not count SMTPS as TLS
)


@pytest.fixture(params=["starttls", "smtps"])
def mail_server_with_login(request, tmp_path):
    with SecureMailServer(tmp_path, implicit_tls=request.param == "smtps") as server:
        yield server


def test_an_invitation_leaves_over_tls_with_a_login(
    site, mail_server_with_login, monkeypatch
) -> None:
    server = mail_server_with_login
    monkeypatch.setenv("SSL_CERT_FILE", str(server.certificate))
    invite(site, request(), "staff:test")
    report = send_mail(site, SmtpTransport(server.url()))
    assert report.counts == {"sent": 1}
    (message,) = server.inbox.messages
    assert message["To"] == "siti@tamu.example"
    assert server.logins == [SecureMailServer.USER]


def test_a_server_whose_certificate_is_not_trusted_is_not_sent_to(
    site, mail_server_with_login
) -> None:
    """Without the operator trusting it (SSL_CERT_FILE), a certificate nobody vouches for
    might be anyone's: the message waits."""
    with pytest.raises(MailDeferred, match="CERTIFICATE_VERIFY_FAILED"):
        SmtpTransport(mail_server_with_login.url()).send(_message())
    assert mail_server_with_login.inbox.messages == []


def test_a_wrong_password_and_an_unknown_address_are_refusals(
    mail_server_with_login, monkeypatch
) -> None:
    server = mail_server_with_login
    monkeypatch.setenv("SSL_CERT_FILE", str(server.certificate))
    with pytest.raises(MailRejected, match="SMTP 535"):
        SmtpTransport(server.url(password="wrong")).send(_message())
    with pytest.raises(MailRejected, match=r"SMTP 550 5\.1\.1 no such mailbox here"):
        SmtpTransport(server.url()).send(_message(to=SecureMailServer.UNKNOWN))
    assert server.inbox.messages == []


def _message(to: str = "siti@tamu.example") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Reception <reception@menara.example>"
    message["To"] = to
    message["Subject"] = "Undangan"
    message.set_content("Sampai jumpa besok.")
    return message
