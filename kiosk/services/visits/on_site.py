"""Who is in the building now: for staff and the roll call (it shows names)."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.services.bootstrap import Kiosk
from kiosk.services.directory.hosts import host_view


@dataclass(frozen=True)
class OnSite:
    visit_id: int
    badge_number: int
    guest_name: str
    host_name: str
    since: datetime


def on_site(kiosk: Kiosk) -> list[OnSite]:
    guests = []
    with kiosk.unit_of_work() as uow:
        for visit in uow.visits.on_site(kiosk.site.id):
            guest = uow.subjects.get(visit.guest_subject_id)
            name = kiosk.gateway.by_field(uow, guest).get("visitor.name", "")
            host = host_view(uow, kiosk, uow.hosts.get(visit.host_id))
            guests.append(
                OnSite(visit.id, visit.badge_number, name, host.name, visit.checked_in_at)
            )
    return guests
