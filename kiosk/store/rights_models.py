"""What a guest's own privacy requests leave: the single-use links that prove them (keyed
hashes, never the link or the email it went to) and the requests with their clock. A request
names its person by pseudonymous reference only, so it outlives an erasure it asked for."""

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.base import Base, SiteScoped, not_personal
from kiosk.store.portal_models import SECRET_HASH


class PrivacyLink(SiteScoped, Base):
    """A link emailed to an address the site holds, or a code texted to a phone number it
    holds: once used it becomes a short session on the guest's own data (the people holding
    that address or number)."""

    __tablename__ = "privacy_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True, info=SECRET_HASH)
    subject_ids: Mapped[list[int]] = mapped_column(
        JSON, info=not_personal("row ids of the people the address is held for")
    )
    language: Mapped[str] = mapped_column(String(8), info=not_personal("a language code"))
    proof: Mapped[str] = mapped_column(
        String(16),
        server_default="email_link",
        info=not_personal("how it proves its person (a fixed code): a link emailed, a code texted"),
    )
    expires_at: Mapped[datetime] = mapped_column(info=not_personal("schedule"))
    used_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))
    session_digest: Mapped[bytes | None] = mapped_column(
        LargeBinary(32), unique=True, info=SECRET_HASH
    )
    session_ends_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))


class PrivacyRequest(SiteScoped, Base):
    """A request a person made themselves (erasure, correction, restriction, objection,
    access, a withdrawn consent), due 3 x 24 hours after it was proved (UU PDP)."""

    __tablename__ = "privacy_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_ref: Mapped[str] = mapped_column(
        String(64), index=True, info=not_personal("a pseudonymous reference")
    )
    kind: Mapped[str] = mapped_column(String(16), info=not_personal("a fixed code"))
    field: Mapped[str | None] = mapped_column(
        String(64), info=not_personal("the registry key a correction is about, never a value")
    )
    language: Mapped[str] = mapped_column(
        String(8), info=not_personal("a language code: the one the answer is written in")
    )
    proof: Mapped[str] = mapped_column(
        String(16), info=not_personal("how it was proved (a fixed code), never the proof")
    )
    proved_at: Mapped[datetime] = mapped_column(index=True, info=not_personal("schedule"))
    due_at: Mapped[datetime] = mapped_column(info=not_personal("schedule"))
    alerted_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))
    answered_at: Mapped[datetime | None] = mapped_column(info=not_personal("schedule"))
    outcome: Mapped[str | None] = mapped_column(String(16), info=not_personal("a fixed code"))
    reason: Mapped[str | None] = mapped_column(
        String(200), info=not_personal("why staff decided so, in their words about the law")
    )
