"""Alembic migrations, shipped inside the package as ``kiosk.store.migrations``."""
