"""The building's tables. Personal data is never a column here: a host or a guest is a data
subject, and their values live in ``personal_values`` (see :mod:`kiosk.store.privacy_models`)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.base import Base, SiteScoped, not_personal, utc_now


class Site(Base):
    """A building. Its kiosks share its hosts, invitations and visits."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(
        String(120), unique=True, info=not_personal("the operator's name for the building")
    )
    timezone: Mapped[str] = mapped_column(String(64), info=not_personal("an IANA zone name"))
    created_at: Mapped[datetime] = mapped_column(
        default=utc_now, info=not_personal("when the site was set up")
    )


class Host(SiteScoped, Base):
    """A member who receives guests; name, email and the rest are the subject's values."""

    __tablename__ = "hosts"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="RESTRICT"), unique=True
    )
    active: Mapped[bool] = mapped_column(default=True, info=not_personal("directory flag"))
    created_at: Mapped[datetime] = mapped_column(
        default=utc_now, info=not_personal("when the directory entry was made")
    )


class Invitation(SiteScoped, Base):
    """A guest (a data subject) expected by a host on a day."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("hosts.id", ondelete="RESTRICT"), index=True)
    guest_subject_id: Mapped[int] = mapped_column(
        ForeignKey("data_subjects.id", ondelete="RESTRICT"), index=True
    )
    expected_on: Mapped[date] = mapped_column(
        index=True, info=not_personal("the day of the visit, kept with the visit's retention")
    )
    visit_type: Mapped[str] = mapped_column(String(16), info=not_personal("a fixed code"))
    status: Mapped[str] = mapped_column(
        String(16), default="pending", info=not_personal("a fixed code")
    )
    created_at: Mapped[datetime] = mapped_column(
        default=utc_now, info=not_personal("when the invitation was made")
    )
