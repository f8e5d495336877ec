"""The web portal's tables: staff accounts, sign-in links, sessions and the count of sign-in
tries. None holds an email address or a secret: a staff member's name and email are their
directory entry's values, passwords are argon2 hashes, links and sessions keyed hashes."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.clock import utc_now
from kiosk.store.base import Base, SiteScoped, not_personal

SECRET_HASH = not_personal("keyed hash of a random secret; useless without the site key")


class PortalLink(SiteScoped, Base):
    """A single-use sign-in link emailed to a host."""

    __tablename__ = "portal_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="CASCADE"), index=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True, info=SECRET_HASH)
    expires_at: Mapped[datetime] = mapped_column(info=not_personal("schedule"))
    used_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))


class PortalSession(SiteScoped, Base):
    """A signed-in browser; it ends when idle, when old, on sign-out, or when its host leaves
    the directory."""

    __tablename__ = "portal_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="CASCADE"), index=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True, info=SECRET_HASH)
    created_at: Mapped[datetime] = mapped_column(default=utc_now, info=not_personal("schedule"))
    last_seen_at: Mapped[datetime] = mapped_column(info=not_personal("schedule"))
    kept: Mapped[bool] = mapped_column(
        default=False, server_default=false(), info=not_personal("kept signed in: a choice")
    )
    renewed_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))


class PortalTry(SiteScoped, Base):
    """Something counted in a window, under a keyed hash of what it is counted for, so that
    every portal worker counts the same: sign-in tries per account and per network address,
    refusals per source (folded into one audit entry when the window closes), resends per
    invitation and per host."""

    __tablename__ = "portal_tries"
    __table_args__ = (UniqueConstraint("site_id", "key_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_digest: Mapped[bytes] = mapped_column(
        LargeBinary(32),
        info=not_personal("keyed hash of what is counted (an email, an address, an invitation)"),
    )
    kind: Mapped[str] = mapped_column(
        String(40), server_default="try", info=not_personal("what is counted")
    )
    window_start: Mapped[datetime] = mapped_column(index=True, info=not_personal("schedule"))
    tries: Mapped[int] = mapped_column(info=not_personal("a counter"))


class StaffAccount(SiteScoped, Base):
    """A member of the community team who works from the portal: reception or admin. Who they
    are is their directory entry (a member, through the gateway)."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="RESTRICT"), unique=True)
    role: Mapped[str] = mapped_column(String(16), info=not_personal("a fixed code"))
    password_hash: Mapped[str | None] = mapped_column(
        String(200), info=not_personal("an argon2 hash of a password; no password is kept")
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now, info=not_personal("schedule"))
