"""Hosts sign in to the portal without a password: a single-use link by email opens a session.

The answer to "send me a link" is the same whether or not the email is in the directory, and the
email is sent after the answer, so neither the page nor its timing tells who is a host. Tries
are counted in the database per email and per network address (every portal worker counts
the same tries); each refusal is audited.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.notify.sign_in_email import SignInEmail, compose_sign_in
from kiosk.notify.smtp import MailDeferred, MailRejected, MailUncertain
from kiosk.notify.transport import mail_transport
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.directory.hosts import LANGUAGE_FIELD, NAME_FIELD, find_host, host_view
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.passwords import UNUSABLE, password_matches
from kiosk.store.repositories import HostRecord
from kiosk.store.unit_of_work import UnitOfWork

LINK_LIFETIME = timedelta(minutes=15)
TRIES_PER_WINDOW = 5
TRY_WINDOW = timedelta(minutes=1)
IDLE_LIFETIME = timedelta(hours=2)
"""A session unused this long has ended."""
SESSION_LIFETIME = timedelta(hours=12)
"""A session this old has ended, however busy."""
TOUCH_EVERY = timedelta(minutes=1)
"""How stale a session's "last seen" may get before a request writes it again."""
PORTAL_ACTOR = "portal"
log = logging.getLogger("kiosk.portal")


class TooManyTries(KioskError):
    """Sign-in was asked for too often from this address or for this email: wait a minute."""

    reason = "too_many_tries"


class SignInRefused(KioskError):
    """The sign-in link is unknown, used or expired; or the email and password do not match
    a staff account."""


def portal_actor(host_id: int, *, staff: bool) -> str:
    """How what someone does in the portal is signed in the audit log: by their directory
    id, as a host or as staff."""
    return f"{'staff' if staff else 'host'}:{host_id}"


@dataclass(frozen=True)
class PortalUser:
    """The signed-in host, as every page needs them."""

    host_id: int
    name: str
    language: str
    session_id: int
    role: str | None = None
    """``reception`` or ``admin`` for staff; None for a host."""

    @property
    def actor(self) -> str:
        return portal_actor(self.host_id, staff=self.role is not None)

    def may(self, role: str) -> bool:
        """Whether they may do what ``role`` may: an admin may do what reception may."""
        return self.role == role or self.role == "admin"


def _refuse(uow: UnitOfWork, kiosk: Kiosk, reason: str) -> None:
    event = AuditEvent(AuditAction.PORTAL_SIGN_IN_REFUSED, PORTAL_ACTOR, detail=reason)
    kiosk.audit.record(uow, kiosk.site.id, event)
    uow.commit()


def _count_tries(uow: UnitOfWork, kiosk: Kiosk, email: str, address: str, now: datetime) -> bool:
    """Counts this try for the email and for the address; whether both are within the limit."""
    secrets = kiosk.portal_secrets
    counts = [
        uow.portal.count_try(kiosk.site.id, secrets.digest("try", key), now, TRY_WINDOW)
        for key in (f"email:{email.strip().casefold()}", f"address:{address}")
    ]
    return max(counts) <= TRIES_PER_WINDOW


def _tried_host(
    uow: UnitOfWork, kiosk: Kiosk, email: str, address: str, now: datetime
) -> HostRecord | None:
    """Counts a sign-in try (past the limit: refused, audited, TooManyTries), then finds the
    host with this email: None for none, or for text that is no email."""
    uow.portal.forget_tries(now - TRY_WINDOW)
    if not _count_tries(uow, kiosk, email, address, now):
        _refuse(uow, kiosk, "too_many_tries")
        raise TooManyTries("too many sign-in tries; wait a minute and try again")
    try:
        return find_host(uow, kiosk, email)
    except KioskError:
        return None


def ask_for_link(
    kiosk: Kiosk, email: str, address: str, now: datetime | None = None
) -> SignInEmail | None:
    """A sign-in link for the host with this email, recorded and ready to send; None when
    the email is no active host's. Raises TooManyTries past the limit."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        uow.portal.forget_links(now - LINK_LIFETIME)
        host = _tried_host(uow, kiosk, email, address, now)
        if host is None or not host.active:
            uow.commit()
            return None
        view = host_view(uow, kiosk, host)
        secret = kiosk.portal_secrets.new_secret()
        uow.portal.add_link(
            kiosk.site.id, host.id, kiosk.portal_secrets.digest("link", secret), now + LINK_LIFETIME
        )
        uow.commit()
    return SignInEmail(
        language=view.language,
        name=view.name,
        email=view.email,
        site_name=kiosk.site.name,
        link=f"{kiosk.settings.portal_url}/signin/link/{secret}",
        minutes=int(LINK_LIFETIME.total_seconds() // 60),
        mail_from=kiosk.settings.mail_from,
    )


def send_link(kiosk: Kiosk, email: SignInEmail) -> bool:
    """Sends the link now (it is no use later); whether it went out. A failure is logged
    without the address: the host sees no email and asks again."""
    if not kiosk.settings.smtp_url:
        log.warning("a sign-in link was not sent: mail.smtp_url is not set")
        return False
    try:
        mail_transport(kiosk.settings.smtp_url).send(compose_sign_in(email, utc_now()))
    except (MailDeferred, MailRejected, MailUncertain) as error:
        log.warning("a sign-in link was not sent: %s", error)
        return False
    return True


def _start_session(uow: UnitOfWork, kiosk: Kiosk, host: HostRecord, how: str, now: datetime) -> str:
    """Opens a session for ``host`` and commits: the session's secret, for the cookie."""
    secrets = kiosk.portal_secrets
    session_secret = secrets.new_secret()
    uow.portal.add_session(kiosk.site.id, host.id, secrets.digest("session", session_secret), now)
    staff = uow.portal.staff_of_host(kiosk.site.id, host.id)
    actor = portal_actor(host.id, staff=staff is not None)
    subject = uow.subjects.get(host.subject_id)
    event = AuditEvent(AuditAction.PORTAL_SIGN_IN, actor, subject.reference, detail=how)
    kiosk.audit.record(uow, kiosk.site.id, event)
    uow.commit()
    return session_secret


def open_session(kiosk: Kiosk, link_secret: str, now: datetime | None = None) -> str:
    """Uses the link (once) and opens a session: the session's secret, for the cookie."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        digest = kiosk.portal_secrets.digest("link", link_secret)
        host_id = uow.portal.use_link(kiosk.site.id, digest, now)
        host = uow.hosts.get(host_id) if host_id is not None else None
        if host is None or not host.active:
            _refuse(uow, kiosk, "bad_link")
            raise SignInRefused(
                "this sign-in link is used, expired or not ours: ask for a new one",
                reason="link_refused",
            )
        return _start_session(uow, kiosk, host, "link", now)


def sign_in_with_password(
    kiosk: Kiosk, email: str, password: str, address: str, now: datetime | None = None
) -> str:
    """A staff member's session, by their email and password; tries count as link requests
    do. A wrong email takes as long as a wrong password."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        host = _tried_host(uow, kiosk, email, address, now)
        account = uow.portal.staff_of_host(kiosk.site.id, host.id) if host else None
        matched = password_matches(account.password_hash if account else UNUSABLE, password)
        if host is None or not host.active or account is None or not matched:
            _refuse(uow, kiosk, "wrong_password")
            raise SignInRefused(
                "the email and password do not match a staff account", reason="password_refused"
            )
        return _start_session(uow, kiosk, host, "password", now)


def signed_in(kiosk: Kiosk, session_secret: str, now: datetime | None = None) -> PortalUser | None:
    """The host whose session this is, while it lasts; None once it has ended."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        digest = kiosk.portal_secrets.digest("session", session_secret)
        session = uow.portal.active_session(kiosk.site.id, digest)
        if session is None:
            return None
        if (
            now - session.last_seen_at > IDLE_LIFETIME
            or now - session.created_at > SESSION_LIFETIME
        ):
            uow.portal.end_session(session.id)
            uow.commit()
            return None
        if now - session.last_seen_at > TOUCH_EVERY:
            uow.portal.touch_session(session.id, now)
        subject = uow.subjects.get(uow.hosts.get(session.host_id).subject_id)
        held = kiosk.gateway.by_field_many(uow, [subject], (NAME_FIELD, LANGUAGE_FIELD))
        staff = uow.portal.staff_of_host(kiosk.site.id, session.host_id)
        uow.commit()
    name, language = (held[subject.id].get(key) for key in (NAME_FIELD, LANGUAGE_FIELD))
    role = staff.role if staff else None
    return PortalUser(
        session.host_id, name or "", language or kiosk.settings.language, session.id, role
    )


def sign_out(kiosk: Kiosk, user: PortalUser) -> None:
    with kiosk.unit_of_work() as uow:
        uow.portal.end_session(user.session_id)
        uow.commit()
