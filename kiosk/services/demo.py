"""The demo kiosk: a throwaway SQLite database with made-up hosts and today's invitations."""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.clock import local_today
from kiosk.errors import KioskError
from kiosk.privacy.gateway import Source
from kiosk.resources import asset_path
from kiosk.services.directory.hosts import NewHost, add_host
from kiosk.services.invitations.invite import InvitationRequest, day_bounds, make_invitation
from kiosk.services.kiosk import Kiosk
from kiosk.services.lobby.staff_pin import hash_pin
from kiosk.services.portal.sign_in import new_link
from kiosk.services.portal.staff import NewPassword, add_staff
from kiosk.services.roles import Role

DEMO_SITE_NAME = "Menara Demo Coworking"
DEMO_REGISTRY = asset_path("demo", "2018-05-25+kiosk-1+kiosk-2+menara-demo-1.toml")
"""The demo site's amendment of the registry: it names its own controller, as a site should."""
DEMO_STAFF_PIN = "123456"
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

    @property
    def mail_folder(self) -> Path:
        """Where the demo's email goes, as ``.eml`` files, instead of the network."""
        return self.folder / "mail"

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def overrides(self, portal_port: int) -> dict[str, str]:
        """Settings that keep the demo away from the real site's database, key, printer and
        mail; its portal listens on ``portal_port`` of this machine only."""
        return {
            "mail.smtp_url": f"folder:{self.mail_folder}",
            "portal.url": f"http://127.0.0.1:{portal_port}",
            "database.url": self.database_url,
            "paths.data_dir": str(self.folder),
            "paths.key_file": str(self.folder / "site.key"),
            "printer.uri": "dummy:",
            "site.name": DEMO_SITE_NAME,
            "privacy.registry": str(DEMO_REGISTRY),
            "site.logo": str(asset_path("images", "demo-logo.png")),
            "kiosk.staff_pin_hash": hash_pin(DEMO_STAFF_PIN),
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
    today = local_today(kiosk.site.timezone)
    with kiosk.unit_of_work() as uow:
        for name, email, language in DEMO_HOSTS:
            member = {"member.name": name, "member.email": email, "member.language": language}
            add_host(uow, kiosk, NewHost(member), kiosk.actor)
        for guest_name, host_index, visit_type in DEMO_GUESTS:
            request = InvitationRequest(
                host_email=DEMO_HOSTS[host_index][1],
                day=today,
                values={"visitor.name": guest_name},
                visit_type=visit_type,
            )
            make_invitation(uow, kiosk, request, Source.STAFF_ENTERED, kiosk.actor)
        uow.commit()
        expected = uow.invitations.overlapping(site_id, *day_bounds(today, kiosk.site.timezone))
        return DemoSummary(uow.hosts.count(site_id), len(expected))


DEMO_RECEPTION = ("Dewi Lestari", "reception@example.com")


def demo_reception_account(kiosk: Kiosk) -> NewPassword:
    """A reception account for the demo's portal: its email and password."""
    name, email = DEMO_RECEPTION
    return add_staff(kiosk, name, email, Role.RECEPTION, kiosk.actor)


def demo_sign_in_link(kiosk: Kiosk) -> str:
    """A ready sign-in link for the first demo host (printed, not mailed)."""
    link = new_link(kiosk, DEMO_HOSTS[0][1])
    if link is None:
        raise KioskError("the demo host is missing from the directory", reason="demo_host_missing")
    return link.link
