"""The demo kiosk: a throwaway SQLite database with made-up hosts and today's invitations."""

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.privacy.gateway import Notice
from kiosk.services.bootstrap import Kiosk
from kiosk.services.people import NewHost, add_expected_guest, add_host

DEMO_SITE_NAME = "Menara Demo Coworking"
DEMO_NOTICE = Notice(version="2018-05-25.demo.1", language="id")
DEMO_HOSTS = (
    ("Rina Wijaya", "rina.wijaya@example.com", "id"),
    ("Budi Santoso", "budi.santoso@example.com", "id"),
    ("Emma Clarke", "emma.clarke@example.com", "en"),
)
DEMO_GUESTS = (
    ("Siti Rahmawati", 0, "meeting"),
    ("Nguyễn Thị Minh Khai", 1, "interview"),
    ("Ахмед Иванов", 2, "vendor"),
    ("王芳", 0, "event"),
    ("John O'Neill", 2, "delivery"),
)


@dataclass(frozen=True)
class DemoPlace:
    """Where a demo run keeps its files."""

    folder: Path

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.folder / 'demo.sqlite3'}"

    def overrides(self) -> dict[str, str]:
        """Settings that keep the demo away from the real site's database, key and printer."""
        return {
            "database.url": self.database_url,
            "paths.data_dir": str(self.folder),
            "paths.key_file": str(self.folder / "site.key"),
            "printer.uri": "dummy:",
            "site.name": DEMO_SITE_NAME,
        }


def new_demo_place() -> DemoPlace:
    return DemoPlace(Path(tempfile.mkdtemp(prefix="kiosk-demo-")))


@dataclass(frozen=True)
class DemoSummary:
    hosts: int
    invitations: int


def seed_demo(kiosk: Kiosk) -> DemoSummary:
    """Adds the demo hosts and today's invitations (in the site's time zone) in one transaction,
    and makes the folder where the preview printer writes badges."""
    kiosk.settings.badge_dir.mkdir(parents=True, exist_ok=True)
    site_id = kiosk.site.id
    today = datetime.now(ZoneInfo(kiosk.site.timezone)).date()
    with kiosk.unit_of_work() as uow:
        host_ids = [
            add_host(uow, kiosk, NewHost(*host), kiosk.actor, DEMO_NOTICE) for host in DEMO_HOSTS
        ]
        for guest_name, host_index, visit_type in DEMO_GUESTS:
            add_expected_guest(
                uow,
                kiosk,
                host_ids[host_index],
                guest_name,
                today,
                visit_type,
                kiosk.actor,
                DEMO_NOTICE,
            )
        uow.commit()
        return DemoSummary(uow.hosts.count(site_id), uow.invitations.count_expected(site_id, today))
