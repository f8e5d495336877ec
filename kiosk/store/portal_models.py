"""The web portal's tables: sign-in links, sessions and the count of sign-in tries. None holds
an email address or a secret: links and sessions are kept as keyed hashes of their secrets."""

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, UniqueConstraint
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


class PortalTry(SiteScoped, Base):
    """Sign-in tries counted in a window, per email asked for and per network address (each as
    a keyed hash), so that every portal worker counts the same tries."""

    __tablename__ = "portal_tries"
    __table_args__ = (UniqueConstraint("site_id", "key_digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key_digest: Mapped[bytes] = mapped_column(
        LargeBinary(32),
        info=not_personal("keyed hash of an email or an address, deleted with its window"),
    )
    window_start: Mapped[datetime] = mapped_column(index=True, info=not_personal("schedule"))
    tries: Mapped[int] = mapped_column(info=not_personal("a counter"))
