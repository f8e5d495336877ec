"""No column can hold personal data unless the registry binds it: every column is a key, a
value captured through the gateway, or labelled with why it is not personal data."""

from sqlalchemy import Column, Integer, MetaData, String, Table

from kiosk.store.schema import metadata

PERSONAL_TABLE = "personal_values"


def unjustified_columns(schema: MetaData) -> list[str]:
    problems = []
    for table in schema.tables.values():
        for column in table.columns:
            name = f"{table.name}.{column.name}"
            if column.primary_key or column.foreign_keys:
                continue
            if "personal" in column.info:
                if table.name != PERSONAL_TABLE:
                    problems.append(f"{name}: personal values belong in {PERSONAL_TABLE}")
            elif not column.info.get("not_personal"):
                problems.append(f"{name}: neither registry-bound nor justified as not personal")
    return problems


def test_every_column_is_registry_bound_or_justified() -> None:
    assert unjustified_columns(metadata) == []


def test_the_guard_catches_a_column_added_without_the_gateway() -> None:
    schema = MetaData()
    Table(
        "visits",
        schema,
        Column("id", Integer, primary_key=True),
        Column("guest_name", String(100)),
        Column("company", String(100), info={"personal": "sneaky"}),
    )
    assert unjustified_columns(schema) == [
        "visits.guest_name: neither registry-bound nor justified as not personal",
        "visits.company: personal values belong in personal_values",
    ]
