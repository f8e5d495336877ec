"""Schema version of the configured database: ``kiosk db upgrade | current``."""

from kiosk.settings import Settings
from kiosk.store import migrate
from kiosk.store.engine import check_connection, create_engine
from kiosk.store.migrate import SchemaState as SchemaState  # what the functions return


def upgrade_database(settings: Settings) -> SchemaState:
    engine = create_engine(settings.database_url)
    check_connection(engine)
    migrate.upgrade(engine)
    return migrate.schema_state(engine)


def database_state(settings: Settings) -> SchemaState:
    engine = create_engine(settings.database_url)
    check_connection(engine)
    return migrate.schema_state(engine)
