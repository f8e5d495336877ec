"""Real SMTP servers on 127.0.0.1 (aiosmtpd) that keep what they receive: a plain one, and
one with TLS, a login and refusals, as a building's mail server has."""

import ipaddress
import socket
import ssl
import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Start and stop at will, on a fixed loopback port, to stand in for a server that is down."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None


class DropsAfterData:
    """An SMTP server on 127.0.0.1 that takes the whole message and hangs up before saying
    whether it accepted it: the case where a resend could deliver twice."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.messages_taken = 0
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while self._running:
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            with connection, connection.makefile("rb") as lines:
                connection.settimeout(5)
                connection.sendall(b"220 localhost\r\n")
                for line in lines:
                    command = line.strip().upper()
                    if command == b"DATA":
                        connection.sendall(b"354 go ahead\r\n")
                        for body in lines:
                            if body == b".\r\n":
                                self.messages_taken += 1
                                break
                        break
                    connection.sendall(b"221 bye\r\n" if command == b"QUIT" else b"250 ok\r\n")

    def stop(self) -> None:
        self._running = False
        self._thread.join(timeout=5)
        self._listener.close()


def loopback_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (and localhost) and its key, as PEM files: a
    mail server's own certificate, which the kiosk trusts only when told to."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "mail-cert.pem", folder / "mail-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class SecureMailServer:
    """A mail server as a building's often is: TLS (STARTTLS on submission, or TLS from the
    first byte), a login, and a 550 for an address it does not know."""

    USER, PASSWORD = "reception", "s3cret pass"
    UNKNOWN = "nobody@menara.example"

    def __init__(self, folder: Path, *, implicit_tls: bool) -> None:
        cert_file, key_file = loopback_certificate(folder)
        self.certificate = cert_file
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        self.inbox = Inbox()
        self.logins: list[str] = []
        self.port = free_port()
        tls = {"ssl_context": context} if implicit_tls else {"tls_context": context}
        self._controller = Controller(
            self,
            hostname="127.0.0.1",
            port=self.port,
            server_hostname="127.0.0.1",
            require_starttls=not implicit_tls,
            auth_required=True,
            auth_require_tls=not implicit_tls,  # aiosmtpd sees STARTTLS only; SMTPS is TLS too
            authenticator=self._authenticate,
            **tls,
        )
        self.scheme = "smtps" if implicit_tls else "smtp+starttls"

    def url(self, password: str = PASSWORD) -> str:
        return f"{self.scheme}://{self.USER}:{quote(password)}@127.0.0.1:{self.port}"

    def _authenticate(self, _server, _session, _envelope, _mechanism, data) -> AuthResult:
        given = (data.login.decode(), data.password.decode())
        if given == (self.USER, self.PASSWORD):
            self.logins.append(given[0])
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    async def handle_RCPT(self, _server, _session, envelope, address, _options) -> str:
        if address == self.UNKNOWN:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        return await self.inbox.handle_DATA(server, session, envelope)

    def __enter__(self) -> "SecureMailServer":
        self._controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._controller.stop()
