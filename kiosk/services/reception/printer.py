"""The lobby printer from reception: its state, a sample badge, and the roll call for an
evacuation. Both go straight to the printer (nothing to keep in the outbox: staff stand beside
it). The printer's own words for how a job went (:class:`Delivery`, :class:`JobOutcome`) and
its state (:class:`PrinterState`) are what these functions report."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.badge.layout import NORMAL, Block, layout_badge
from kiosk.badge.printers import Delivery as Delivery
from kiosk.badge.printers import JobOutcome as JobOutcome
from kiosk.badge.printers import PrinterState as PrinterState
from kiosk.badge.printers import PrinterStatus as PrinterStatus
from kiosk.clock import local_now, utc_now
from kiosk.i18n import clock_time, long_date, translations
from kiosk.privacy.registry import Intake
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.badges import audit_print, badge_text
from kiosk.services.visits.on_site import OnSite, on_site

SAMPLE_NAME = "Siti Rahayu"


def printer_status(kiosk: Kiosk) -> PrinterStatus:
    """What the printer says of itself now (it may take ``printer.timeout`` to answer)."""
    return kiosk.printer.status()


def print_sample(kiosk: Kiosk, name: str = SAMPLE_NAME) -> JobOutcome:
    """Prints a sample badge (no visit, a QR code that signs nobody out)."""
    now = local_now(kiosk.site.timezone)
    language = kiosk.settings.language
    registry = kiosk.gateway.registry
    content = badge_text(
        kiosk,
        language,
        name=name,
        company=None,
        host=translations(language).gettext("Reception"),
        day=now,
        until=now,
        badge_number=0,
        qr_data="sample badge",
        purpose=registry.purpose_for(
            "visitor.name", Intake.WALK_IN, next(iter(registry.visit_types))
        ),
    )
    return kiosk.printer.print_blocks(layout_badge(content, kiosk.printer.typesetter), "sample")


@dataclass(frozen=True)
class RollCall:
    guests: list[OnSite]
    outcome: JobOutcome


def _roll_call_blocks(kiosk: Kiosk, guests: list[OnSite], now: datetime) -> list[Block]:
    timezone = kiosk.site.timezone
    setter = kiosk.printer.typesetter
    language = kiosk.settings.language
    _ = translations(language).gettext
    local = now.astimezone(ZoneInfo(timezone))
    heading = _("On site now: {count} ({date}, {time})").format(
        count=len(guests), date=long_date(local, language), time=clock_time(local, language)
    )
    blocks: list[Block] = []
    blocks += setter.lines(kiosk.site.name, NORMAL, bold=True)
    blocks += setter.lines(heading, NORMAL, bold=True)
    for guest in guests:
        since = guest.since.astimezone(local.tzinfo)
        line = f"#{guest.badge_number} {guest.guest_name} / {guest.host_name} / {since:%H:%M}"
        blocks += setter.lines(line, NORMAL)
    return blocks


def print_roll_call(kiosk: Kiosk, now: datetime | None = None) -> RollCall:
    """Prints who is in the building now, for an evacuation (staff only: it shows names)."""
    now = now or utc_now()
    guests = on_site(kiosk)
    outcome = kiosk.printer.print_blocks(_roll_call_blocks(kiosk, guests, now), "roll-call")
    if outcome.delivery != Delivery.NOT_SENT:
        with kiosk.unit_of_work() as uow:
            for guest in guests:
                visit = uow.visits.get(kiosk.site.id, guest.visit_id)
                audit_print(uow, kiosk, visit, "roll call")
            uow.commit()
    return RollCall(guests, outcome)
