"""A guest who lost their badge signs out by their first name at the kiosk: today's guests on
site whose given name starts with what they typed, each shown as the kiosk greets them ("Siti
R.": never more of a name, nor a host or a company), and the one they choose is signed out.
Reception is told: a badge is somewhere in the building, and the roll call may be wrong if the
guest chose someone else."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import utc_now
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.greeting import greeting_name, name_parts
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.queue import alert_reception
from kiosk.services.reception.search import folded
from kiosk.services.visits.check_out import CheckOut, close_visit
from kiosk.services.visits.on_site import on_site

LEAST_TYPED = 2
"""Letters a guest types before anyone is shown."""
MOST_SHOWN = 6
"""Guests shown at most: a common first name narrows as they type on."""


@dataclass(frozen=True)
class OnSiteGuest:
    visit_id: int
    shown: str
    """As the kiosk greets the guest: "Siti R."."""


def typed_enough(typed: str) -> bool:
    """Whether ``typed`` has the :data:`LEAST_TYPED` letters it takes to show anyone."""
    return sum(char.isalpha() for char in typed) >= LEAST_TYPED


def on_site_named(kiosk: Kiosk, typed: str) -> list[OnSiteGuest]:
    """Today's guests on site whose given name starts with ``typed`` (whatever its case and
    accents), earliest first; none before :func:`typed_enough`."""
    wanted = folded(typed.strip())
    if not typed_enough(wanted):
        return []
    found = [
        OnSiteGuest(guest.visit_id, greeting_name(guest.guest_name))
        for guest in on_site(kiosk)
        if folded(name_parts(guest.guest_name)[0]).startswith(wanted)
    ]
    return found[:MOST_SHOWN]


def sign_out_without_badge(kiosk: Kiosk, visit_id: int, now: datetime | None = None) -> CheckOut:
    """Signs the chosen guest out and tells reception their badge was not scanned."""
    now = now or utc_now()
    with kiosk.unit_of_work() as uow:
        done = close_visit(uow, kiosk, visit_id, now)
        if not done.already:
            guest = done.visit.guest_subject_id
            alert_reception(
                uow, kiosk, AlertReason.BADGE_LOST, now, subject_id=guest, visit_id=visit_id
            )
        uow.commit()
    return done
