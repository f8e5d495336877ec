"""Wires the real adapters for one kiosk process: the one place that turns settings into parts,
at the top of the services (only front ends start it)."""

import functools
from collections.abc import Callable
from pathlib import Path

from kiosk.badge.printers import settings_printer
from kiosk.errors import KeyFileError
from kiosk.keys import create_site_key, load_site_key
from kiosk.privacy.audit import AuditChain
from kiosk.privacy.audit_checkpoint import CHECKPOINT_FILE, AuditCheckpoint
from kiosk.privacy.audit_trail import AuditTrail
from kiosk.privacy.crypto import FieldCipher, key_check
from kiosk.privacy.field_kinds import LOOKUP_FORMS
from kiosk.privacy.gateway import CaptureGateway
from kiosk.privacy.portal_secrets import PortalSecrets
from kiosk.privacy.site_policy import site_policy
from kiosk.privacy.tokens import Tokens
from kiosk.services.kiosk import Kiosk
from kiosk.settings import Settings
from kiosk.store import migrate
from kiosk.store.engine import check_connection, create_engine
from kiosk.store.kiosk_id_claim import claim_kiosk_id
from kiosk.store.unit_of_work import UnitOfWork, unit_of_work_factory


def _site_key(settings: Settings, unit_of_work: Callable[[], UnitOfWork]) -> bytes:
    """The site's key; a new one only for a site the database does not hold yet."""
    if not settings.key_file.exists():
        with unit_of_work() as uow:
            known = uow.sites.find(settings.site_name)
        if known is not None:
            raise KeyFileError(
                f"the key file {settings.key_file} is missing, and the database holds "
                f"{known.name}'s data, written with it: restore the key file from your backup "
                "(a new key would leave that data unreadable)"
            )
        create_site_key(settings.key_file)
    return load_site_key(settings.key_file)


def init_site_key(settings: Settings) -> Path:
    """``kiosk keys init``: the key file of a site the database does not hold yet, made before
    the first start (and backed up with care)."""
    if settings.key_file.exists():
        raise KeyFileError(f"the key file {settings.key_file} already exists; it is kept")
    engine = create_engine(settings.database_url)
    check_connection(engine)
    migrate.upgrade(engine)
    _site_key(settings, unit_of_work_factory(engine))
    engine.dispose()
    return settings.key_file


def open_kiosk(settings: Settings) -> Kiosk:
    """Checks the policy settings, connects, upgrades the schema to the newest version, and makes
    sure the site, its key and its audit log exist. Raises a KioskError a person can act on."""
    policy = site_policy(settings)
    printer = settings_printer(settings)
    engine = create_engine(settings.database_url)
    check_connection(engine)
    migrate.upgrade(engine)
    unit_of_work = unit_of_work_factory(engine)
    site_key = _site_key(settings, unit_of_work)
    chain = AuditChain(site_key)
    checkpoint = AuditCheckpoint(settings.data_dir / CHECKPOINT_FILE, chain, settings.site_name)
    audit = AuditTrail(chain, checkpoint, f"kiosk:{settings.kiosk_id}")
    gateway = CaptureGateway(policy, FieldCipher(site_key), audit)
    with unit_of_work() as uow:
        site = uow.sites.ensure(settings.site_name, settings.timezone, key_check(site_key))
        if site.key_check != key_check(site_key):
            raise KeyFileError(
                f"the key file {settings.key_file} is not the one {site.name}'s data was "
                "written with: restore that key file from your backup (or point "
                "paths.key_file at it)"
            )
        audit.start(uow, site.id)
        if site.lookup_forms < LOOKUP_FORMS:
            gateway.retake_lookups(uow, site.id)
            site = uow.sites.set_lookup_forms(site.id, LOOKUP_FORMS)
        uow.commit()
    return Kiosk(
        settings=settings,
        site=site,
        unit_of_work=unit_of_work,
        gateway=gateway,
        audit=audit,
        tokens=Tokens(site_key, "invitation", "I"),
        badge_tokens=Tokens(site_key, "badge", "B"),
        page_tokens=Tokens(site_key, "guest page", "P"),
        portal_secrets=PortalSecrets(site_key),
        printer=printer,
        claim_id=functools.partial(claim_kiosk_id, engine, site.id, settings.kiosk_id),
    )
