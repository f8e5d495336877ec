"""The tables. Every row that belongs to a building carries its site id."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk.store.base import Base, SiteScoped, utc_now


class Site(Base):
    """A building. Its kiosks share its hosts, invitations and visits."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Host(SiteScoped, Base):
    """A member who receives guests."""

    __tablename__ = "hosts"
    __table_args__ = (UniqueConstraint("site_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(8), default="id")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Invitation(SiteScoped, Base):
    """A guest expected by a host on a day."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="RESTRICT"), index=True)
    guest_name: Mapped[str] = mapped_column(String(200))
    expected_on: Mapped[date] = mapped_column(index=True)
    visit_type: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    host: Mapped[Host] = relationship()
