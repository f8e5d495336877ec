"""A kiosk holds its id while it runs: two kiosks given one id (a settings file copied from
one to the other) would print each other's badges and file alerts under one name."""

import logging

from kiosk.services.alert_reasons import AlertReason
from kiosk.services.kiosk import Kiosk
from kiosk.services.reception.alerts import raise_alert
from kiosk.store.kiosk_id_claim import Release

log = logging.getLogger("kiosk.lobby")


def hold_kiosk_id(kiosk: Kiosk) -> Release | None:
    """Holds this kiosk's id until released (by calling what is returned). When another
    running kiosk of the site holds it already, the log and reception are told, and None is
    returned (the kiosk still runs)."""
    claim = kiosk.claim_id()
    if claim is None:
        log.warning("%s", duplicate_warning(kiosk))
        raise_alert(kiosk, AlertReason.DUPLICATE_KIOSK_ID)
    return claim


def duplicate_warning(kiosk: Kiosk) -> str:
    return (
        f"another kiosk of {kiosk.site.name} is running as kiosk.id = "
        f"{kiosk.settings.kiosk_id!r}: give each kiosk its own id (badges print at the kiosk "
        "their guest checked in at, by its id)"
    )
