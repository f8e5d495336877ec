"""The only layer that knows SQLAlchemy: models, the engine, the unit of work, migrations."""
