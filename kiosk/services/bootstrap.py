"""Wires the real adapters for one kiosk process: the one place that turns settings into parts."""

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.keys import load_or_create_site_key
from kiosk.settings import Settings
from kiosk.store import migrate
from kiosk.store.engine import check_connection, create_engine
from kiosk.store.repositories import SiteRecord
from kiosk.store.unit_of_work import UnitOfWork, unit_of_work_factory


@dataclass(frozen=True)
class Kiosk:
    """Everything a use case needs; built by :func:`open_kiosk`."""

    settings: Settings
    site: SiteRecord
    site_key: bytes
    unit_of_work: Callable[[], UnitOfWork]


def open_kiosk(settings: Settings) -> Kiosk:
    """Connects, upgrades the schema to the newest version, and makes sure the site and its
    key exist. Raises a :class:`~kiosk.errors.KioskError` a person can act on."""
    engine = create_engine(settings.database_url)
    check_connection(engine)
    migrate.upgrade(engine)
    site_key = load_or_create_site_key(settings.key_file)
    unit_of_work = unit_of_work_factory(engine)
    with unit_of_work() as uow:
        site = uow.sites.ensure(settings.site_name, settings.timezone)
        uow.commit()
    return Kiosk(settings=settings, site=site, site_key=site_key, unit_of_work=unit_of_work)
