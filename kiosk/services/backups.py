"""``kiosk backup --out DIR`` and ``kiosk restore DIR``.

A backup folder holds the database's copy and ``manifest.json`` (the site, the keyed check of
its key, the schema version, when it was taken, the rows it holds and the copy's checksum),
never the key file: a stolen backup without the key is sealed values only.

A restore goes into an empty database. It refuses a copy that does not match its checksum,
one from a schema newer than this code, one of another site or written under another key.
Then it upgrades the schema, takes the audit log as restored (``kiosk audit accept-restore``,
done here, with an entry saying so), and erases again everyone this machine's erasure ledger
names: nobody erased after the backup comes back.
"""

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.clock import utc_now
from kiosk.errors import BackupRefused
from kiosk.keys import load_site_key
from kiosk.privacy.crypto import key_check
from kiosk.private_files import private_folder, write_private
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.records.policy import AuditReport, accept_restored_log
from kiosk.services.rights.requests import reapply_erasures
from kiosk.settings import Settings
from kiosk.store import backup as copies
from kiosk.store import migrate
from kiosk.store.engine import check_connection, create_engine

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    format: int
    site: str
    key_check: str
    schema: str
    backend: str
    taken_at: str
    file: str
    sha256: str
    counts: dict[str, int]


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    counts: dict[str, int]
    erased_again: int
    audit: AuditReport


def take_backup(settings: Settings, folder: Path) -> Manifest:
    """Copies the site's database into ``folder`` (new or empty) with its manifest."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupRefused(f"{folder} is not empty: give a new folder for each backup")
    engine = create_engine(settings.database_url)
    try:
        check_connection(engine)
        site_key_check = copies.site_key_check(engine, settings.site_name)
        if site_key_check is None:
            raise BackupRefused(f"the database holds no site named {settings.site_name!r}")
        private_folder(folder)
        dump = folder / copies.dump_file(engine)
        schema, counts = copies.copy_database(engine, dump)
    finally:
        engine.dispose()
    manifest = Manifest(
        format=FORMAT,
        site=settings.site_name,
        key_check=site_key_check,
        schema=schema,
        backend=copies.backend(engine),
        taken_at=utc_now().isoformat(timespec="seconds"),
        file=dump.name,
        sha256=_sha256(dump),
        counts=counts,
    )
    write_private(folder / MANIFEST, json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def check_backup(settings: Settings, folder: Path) -> Manifest:
    """The backup's manifest, once the copy matches its checksum and this code and this
    site's key can take it; a one-line refusal otherwise."""
    try:
        manifest = Manifest(**json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise BackupRefused(f"{folder} is not a backup: it has no {MANIFEST}") from None
    except (OSError, ValueError, TypeError) as error:
        raise BackupRefused(f"{folder / MANIFEST} is damaged ({error})") from None
    dump = folder / Path(manifest.file).name
    if not dump.is_file() or _sha256(dump) != manifest.sha256:
        raise BackupRefused(f"{dump} is damaged: it does not match the backup's checksum")
    if not migrate.knows(manifest.schema):
        raise BackupRefused(
            f"the backup is of schema {manifest.schema}, newer than this kiosk knows: "
            "upgrade the kiosk first"
        )
    if manifest.site != settings.site_name:
        raise BackupRefused(
            f"the backup is of site {manifest.site!r}, this kiosk is {settings.site_name!r}"
        )
    if key_check(load_site_key(settings.key_file)) != manifest.key_check:
        raise BackupRefused(
            f"the backup was written under another key than {settings.key_file}: "
            "restore with the key file of the site it was taken from"
        )
    return manifest


def restore_backup(settings: Settings, folder: Path, actor: str) -> Restored:
    """Loads the backup into the (empty) database, upgrades it, accepts the restored audit
    log and erases again whoever the erasure ledger names."""
    manifest = check_backup(settings, folder)
    engine = create_engine(settings.database_url)
    try:
        check_connection(engine)
        if copies.backend(engine) != manifest.backend:
            raise BackupRefused(f"a {manifest.backend} backup restores into {manifest.backend}")
        if not copies.is_empty(engine):
            raise BackupRefused("a backup restores into an empty database; this one holds tables")
        copies.load_database(engine, folder / manifest.file)
        counts = copies.table_counts(engine)
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    kiosk = open_kiosk(settings)
    audit = accept_restored_log(kiosk, actor)
    return Restored(manifest, counts, reapply_erasures(kiosk, actor), audit)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
