"""Migrations and models agree, and the schema goes up and down, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.store import migrate
from kiosk.store.engine import create_engine
from kiosk.store.schema import metadata


def test_upgrade_to_head_matches_the_models_then_downgrades_to_nothing(
    empty_database_url: str,
) -> None:
    engine = create_engine(empty_database_url)

    migrate.upgrade(engine)
    state = migrate.schema_state(engine)
    assert state.up_to_date and state.current is not None
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []

    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    assert migrate.schema_state(engine).current is None
    engine.dispose()


def test_every_building_table_carries_a_site_id() -> None:
    tables = {name for name in metadata.tables if name != "sites"}
    assert tables
    for name in tables:
        site_id = metadata.tables[name].columns["site_id"]
        assert not site_id.nullable
        assert {fk.column.table.name for fk in site_id.foreign_keys} == {"sites"}
