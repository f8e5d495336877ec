"""Who is in the building now: for staff and the roll call (it shows names)."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.services.directory.hosts import host_view
from kiosk.services.kiosk import Kiosk
from kiosk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class OnSite:
    visit_id: int
    badge_number: int
    guest_name: str
    host_name: str
    since: datetime
    company: str = ""


def host_name_of(kiosk: Kiosk, visit_id: int) -> str:
    """The name of the host a visit is for (the guest at the kiosk is told their host knows
    they are here); empty if the visit is gone."""
    with kiosk.unit_of_work() as uow:
        visit = uow.visits.get(kiosk.site.id, visit_id)
        return host_view(uow, kiosk, uow.hosts.get(visit.host_id)).name if visit else ""


def on_site(kiosk: Kiosk) -> list[OnSite]:
    """Everyone signed in and not yet out, earliest first."""
    with kiosk.unit_of_work() as uow:
        return on_site_in(uow, kiosk)


def on_site_in(uow: UnitOfWork, kiosk: Kiosk) -> list[OnSite]:
    """:func:`on_site` in the caller's unit of work: a fixed number of queries however many
    guests there are."""
    visits = uow.visits.on_site(kiosk.site.id)
    hosts = {host.id: host for host in uow.hosts.get_many(v.host_id for v in visits)}
    subject_ids = [v.guest_subject_id for v in visits]
    subject_ids += [host.subject_id for host in hosts.values()]
    held = kiosk.gateway.shown_of(
        uow, subject_ids, ("visitor.name", "visitor.company", "member.name")
    )
    return [
        OnSite(
            visit.id,
            visit.badge_number,
            held.get(visit.guest_subject_id, {}).get("visitor.name", ""),
            held.get(hosts[visit.host_id].subject_id, {}).get("member.name", ""),
            visit.checked_in_at,
            held.get(visit.guest_subject_id, {}).get("visitor.company", ""),
        )
        for visit in visits
    ]
