"""Declarative base with named constraints, UTC timestamps, the site mixin, and the labels
every column carries for the schema guard: registry-bound personal value, or why it is not
personal data."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, DateTime, ForeignKey, MetaData, bindparam
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
REGISTRY_VALUE: dict[str, Any] = {"personal": "a value captured through the privacy gateway"}


def not_personal(reason: str) -> dict[str, Any]:
    """``info`` for a column that never holds personal data, saying why."""
    return {"not_personal": reason}


class UtcDateTime(TypeDecorator):
    """A timestamp stored and read back in UTC, on SQLite (which drops the zone) too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {datetime: UtcDateTime()}


class SiteScoped:
    """A row that belongs to one building: several kiosks of several sites share a database."""

    @declared_attr
    def site_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("sites.id", ondelete="RESTRICT"), index=True)


def among(column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN (1, 2, ...)`` with the ids written into the statement: a list page asks for
    hundreds, and hundreds of bound parameters cost more to send than the query to run.
    Only for integers (nothing a person typed)."""
    wanted = sorted({int(i) for i in ids})
    return column.in_(bindparam(None, wanted, expanding=True, literal_execute=True))


def columns_for(model: Any, record: Any) -> list[Any]:
    """The columns of ``model`` that fill the dataclass ``record``, in its fields' order: a
    list reads plain rows into records, without building ORM objects."""
    return [getattr(model, name) for name in record.__dataclass_fields__]
