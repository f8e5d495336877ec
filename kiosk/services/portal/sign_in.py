"""Hosts sign in to the portal without a password: a single-use link by email opens a session;
staff may also use a password.

The answer to "send me a link" is the same, in content and in the work done before it, whether
or not the email is in the directory: the host is looked up, and the link made and sent, after
the answer. Tries are counted in the database (every portal worker counts the same tries): per
network address first, then per account, under the one form of the email the directory finds
(so look-alike spellings count as one). An account past its limit refuses passwords from
unknown devices only: its owner still signs in from a browser they signed in on before, or by
an emailed link, and reception is told. Refusals are counted per source and reason, and folded
into one audit entry a minute.
"""

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.notify.sign_in_email import SignInEmail, compose_sign_in
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.directory.hosts import (
    LANGUAGE_FIELD,
    NAME_FIELD,
    email_key,
    find_host,
    host_view,
)
from kiosk.services.kiosk import Kiosk
from kiosk.services.mail_now import send_now
from kiosk.services.outbox.queue import alert_reception
from kiosk.services.portal.passwords import password_matches, unusable_hash
from kiosk.services.roles import Role, may, require
from kiosk.store.portal_repository import SessionRecord
from kiosk.store.repositories import HostRecord
from kiosk.store.unit_of_work import UnitOfWork

LINK_LIFETIME = timedelta(minutes=15)
TRIES_PER_WINDOW = 5
TRY_WINDOW = timedelta(minutes=1)
IDLE_LIFETIME = timedelta(hours=2)
"""A session unused this long has ended."""
SESSION_LIFETIME = timedelta(hours=12)
"""A session this old has ended, however busy."""
KEPT_LIFETIME = timedelta(days=30)
"""A session kept on its device (*Keep me signed in*) ends this long after sign-in."""
RENEW_EVERY = timedelta(days=1)
"""How often a kept session's secret is renewed: a copy of an older cookie opens nothing."""
TOUCH_EVERY = timedelta(minutes=1)
"""How stale a session's "last seen" may get before a request writes it again."""
PORTAL_ACTOR = "portal"
T = TypeVar("T")


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
    attention: int = 0
    """For staff: the alerts open at the desk, counted in the navigation."""
    renewed_secret: str | None = None
    """A kept session's new secret, renewed with this request: the browser keeps it from now
    on (the one it sent no longer opens the session)."""

    @property
    def actor(self) -> str:
        return portal_actor(self.host_id, staff=self.role is not None)

    def may(self, role: Role) -> bool:
        """Whether they may do what ``role`` may: an admin may do what reception may."""
        return may(self.role, role)


REFUSED = "refused:"
"""The kind of a count of refusals; the reason follows."""


@dataclass(frozen=True)
class SignedIn:
    """A new session's secret, and the mark that makes this browser a known device of the
    person (both for cookies)."""

    session_secret: str
    device_mark: str
    kept: bool = False
    """Kept on this device for :data:`KEPT_LIFETIME`, not just for the browser's session."""


def device_mark(kiosk: Kiosk, host_id: int, browser: str) -> str:
    """What a browser keeps once its person signed in on it: bound to the person and to the
    browser's own cookie, so it is no use on another browser or for another person."""
    return kiosk.portal_secrets.digest("device", f"{host_id}:{browser}").hex()


def _known_device(kiosk: Kiosk, host_id: int, browser: str, device: str | None) -> bool:
    return bool(device) and hmac.compare_digest(device, device_mark(kiosk, host_id, browser))


def _count(uow: UnitOfWork, kiosk: Kiosk, key: str, now: datetime, kind: str = "try") -> int:
    digest = kiosk.portal_secrets.digest("try", key)
    return uow.portal.count_try(kiosk.site.id, digest, now, TRY_WINDOW, kind)


def _refuse(uow: UnitOfWork, kiosk: Kiosk, reason: str, source: str, now: datetime) -> None:
    """Counts a refusal for its source and commits: the audit log gets one entry per source and
    reason a minute, with the count (see :func:`fold_refusals`)."""
    _count(uow, kiosk, f"refused:{reason}:{source}", now, f"{REFUSED}{reason}")
    uow.commit()


def fold_refusals(kiosk: Kiosk, now: datetime | None = None) -> int:
    """Records every closed minute of refusals as one audit entry with its count; how many."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        folded = _fold(uow, kiosk, now)
        uow.commit()
    return folded


def _fold(uow: UnitOfWork, kiosk: Kiosk, now: datetime) -> int:
    closed = uow.portal.take_closed(kiosk.site.id, REFUSED, now - TRY_WINDOW)
    for count in closed:
        start = count.window_start
        detail = (
            f"{count.kind.removeprefix(REFUSED)} x{count.count} from source "
            f"{count.key_digest.hex()[:8]} in the minute from {start:%Y-%m-%d %H:%M:%S} UTC"
        )
        event = AuditEvent(AuditAction.PORTAL_SIGN_IN_REFUSED, PORTAL_ACTOR, detail=detail)
        kiosk.audit.record(uow, kiosk.site.id, event)
    return len(closed)


def _tried(uow: UnitOfWork, kiosk: Kiosk, way: str, email: str, address: str, now: datetime) -> int:
    """Folds closed refusals, counts this try for its address (past the limit: refused,
    TooManyTries) and for the account and ``way`` ("link" or "password"): the account's
    count. Each way has its own: guessed passwords never stop the owner's emailed link."""
    _fold(uow, kiosk, now)
    uow.portal.forget_tries("try", now - TRY_WINDOW)
    if _count(uow, kiosk, f"address:{address}", now) > TRIES_PER_WINDOW:
        _refuse(uow, kiosk, "too_many_tries", address, now)
        raise TooManyTries("too many sign-in tries; wait a minute and try again")
    return _count(uow, kiosk, f"{way}:{email_key(kiosk, email)}", now)


def _host(uow: UnitOfWork, kiosk: Kiosk, email: str) -> HostRecord | None:
    """The active host with this email; None for none, or for text that is no email."""
    try:
        host = find_host(uow, kiosk, email)
    except KioskError:
        return None
    return host if host.active else None


def ask_for_link(kiosk: Kiosk, email: str, address: str, now: datetime | None = None) -> None:
    """Counts a request for a sign-in link; TooManyTries past the limit for the address or the
    account. The same work for every email: the link is made by :func:`email_link`, after
    the answer."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        if _tried(uow, kiosk, "link", email, address, now) > TRIES_PER_WINDOW:
            _refuse(uow, kiosk, "too_many_tries", address, now)
            raise TooManyTries("too many sign-in tries; wait a minute and try again")
        uow.commit()


def new_link(kiosk: Kiosk, email: str, now: datetime | None = None) -> SignInEmail | None:
    """A sign-in link for the active host with this email, recorded and ready to send; None
    when the email is no active host's."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        uow.portal.forget_links(now - LINK_LIFETIME)
        host = _host(uow, kiosk, email)
        if host is None:
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


def email_link(kiosk: Kiosk, email: str) -> bool:
    """Makes and sends the link to the host with this email, if there is one (run after the
    answer); whether one went out."""
    link = new_link(kiosk, email)
    return link is not None and send_link(kiosk, link)


def send_link(kiosk: Kiosk, email: SignInEmail) -> bool:
    """Sends the link now (it is no use later); whether it went out. A failure is logged
    without the address: the host sees no email and asks again."""
    return send_now(kiosk, compose_sign_in(email, utc_now()), "a sign-in link")


def _start_session(
    uow: UnitOfWork,
    kiosk: Kiosk,
    host: HostRecord,
    how: str,
    browser: str,
    now: datetime,
    keep: bool,
) -> SignedIn:
    """Opens a session for ``host`` (kept on the device if ``keep``) and commits."""
    secrets = kiosk.portal_secrets
    session_secret = secrets.new_secret()
    digest = secrets.digest("session", session_secret)
    uow.portal.add_session(kiosk.site.id, host.id, digest, now, kept=keep)
    staff = uow.portal.staff_of_host(kiosk.site.id, host.id)
    actor = portal_actor(host.id, staff=staff is not None)
    subject = uow.subjects.get(host.subject_id)
    detail = f"{how}, kept" if keep else how
    event = AuditEvent(AuditAction.PORTAL_SIGN_IN, actor, subject.reference, detail=detail)
    kiosk.audit.record(uow, kiosk.site.id, event)
    uow.commit()
    return SignedIn(session_secret, device_mark(kiosk, host.id, browser), keep)


def lifetimes(session: SessionRecord) -> tuple[timedelta, timedelta]:
    """How long ``session`` may stay unused, and how long it lasts at most."""
    if session.kept:
        return KEPT_LIFETIME, KEPT_LIFETIME
    return IDLE_LIFETIME, SESSION_LIFETIME


def open_session(
    kiosk: Kiosk,
    link_secret: str,
    address: str,
    browser: str,
    now: datetime | None = None,
    keep: bool = False,
) -> SignedIn:
    """Uses the link (once) and opens a session in the browser whose cookie is ``browser``
    (kept on the device if ``keep``)."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        digest = kiosk.portal_secrets.digest("link", link_secret)
        host_id = uow.portal.use_link(kiosk.site.id, digest, now)
        host = uow.hosts.get(host_id) if host_id is not None else None
        if host is None or not host.active:
            _refuse(uow, kiosk, "bad_link", address, now)
            raise SignInRefused(
                "this sign-in link is used, expired or not ours: ask for a new one",
                reason="link_refused",
            )
        return _start_session(uow, kiosk, host, "link", browser, now, keep)


@dataclass(frozen=True)
class PasswordTry:
    email: str
    password: str
    address: str
    """The network address it came from."""
    browser: str
    """The browser's own cookie."""
    device: str | None = None
    """The mark the browser keeps from an earlier sign-in, if any."""
    keep: bool = False
    """*Keep me signed in on this device*."""


def sign_in_with_password(
    kiosk: Kiosk, attempt: PasswordTry, now: datetime | None = None
) -> SignedIn:
    """A staff member's session, by their email and password. A wrong email takes as long as
    a wrong password. Past the account's limit only a known device's right password passes;
    reception is told the first time in a window."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        account_tries = _tried(uow, kiosk, "password", attempt.email, attempt.address, now)
        host = _host(uow, kiosk, attempt.email)
        account = uow.portal.staff_of_host(kiosk.site.id, host.id) if host else None
        matched = password_matches(
            account.password_hash if account else unusable_hash(), attempt.password
        )
        right = account is not None and matched
        if account_tries > TRIES_PER_WINDOW and not (
            right and _known_device(kiosk, host.id, attempt.browser, attempt.device)
        ):
            if account is not None and account_tries == TRIES_PER_WINDOW + 1:
                alert_reception(uow, kiosk, AlertReason.PASSWORD_GUESSING, now)
            _refuse(uow, kiosk, "too_many_tries", attempt.address, now)
            raise TooManyTries("too many sign-in tries; wait a minute and try again")
        if not right:
            _refuse(uow, kiosk, "wrong_password", attempt.address, now)
            raise SignInRefused(
                "the email and password do not match a staff account", reason="password_refused"
            )
        return _start_session(uow, kiosk, host, "password", attempt.browser, now, attempt.keep)


def _session_user(
    uow: UnitOfWork, kiosk: Kiosk, session_secret: str, now: datetime, renew: bool
) -> PortalUser | None:
    """The person whose session this is, while it lasts; None once it has ended (the caller
    commits the ending). With ``renew`` (a request that only reads), a kept session's secret
    is renewed once a day (see :attr:`PortalUser.renewed_secret`)."""
    secrets = kiosk.portal_secrets
    found = uow.portal.active_session(kiosk.site.id, secrets.digest("session", session_secret))
    if found is None:
        return None
    session, subject, role = found.session, found.host, found.role
    idle, longest = lifetimes(session)
    if now - session.last_seen_at > idle or now - session.created_at > longest:
        uow.portal.end_session(session.id)
        return None
    renewed = None
    if renew and session.kept and now - (session.renewed_at or session.created_at) > RENEW_EVERY:
        renewed = secrets.new_secret()
        uow.portal.renew_session(session.id, secrets.digest("session", renewed), now)
    elif now - session.last_seen_at > TOUCH_EVERY:
        uow.portal.touch_session(session.id, now)
    held = kiosk.gateway.by_field_many(uow, [subject], (NAME_FIELD, LANGUAGE_FIELD))
    attention = uow.alerts.count_open(kiosk.site.id) if role else 0
    name, language = (held[subject.id].get(key) for key in (NAME_FIELD, LANGUAGE_FIELD))
    return PortalUser(
        session.host_id,
        name or "",
        language or kiosk.settings.language,
        session.id,
        role,
        attention,
        renewed,
    )


Read = Callable[[UnitOfWork, Kiosk, PortalUser], T]
"""What a page reads for the signed-in person, in the caller's unit of work."""


def read_signed_in(
    kiosk: Kiosk,
    session_secret: str,
    read: Read[T],
    role: Role | None = None,
    *,
    renew: bool = False,
) -> tuple[PortalUser, T] | None:
    """The signed-in person and what ``read`` finds for them, in one transaction: a page
    that reads pays for no transaction of its own to check who asks. None once the session
    has ended; to someone who may not act as ``role``, NotFound before anything is read."""
    with kiosk.unit_of_work() as uow:
        user = _session_user(uow, kiosk, session_secret, utc_now(), renew)
        if user is None:
            uow.commit()
            return None
        if role is not None:
            require(user.role, role)
        found = read(uow, kiosk, user)
        uow.commit()
    return user, found


def sign_out(kiosk: Kiosk, user: PortalUser) -> None:
    with kiosk.unit_of_work() as uow:
        uow.portal.end_session(user.session_id)
        uow.commit()
