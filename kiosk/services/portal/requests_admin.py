"""``/admin/requests``: an admin works a data-subject request from the portal: finds the
person, downloads what is held about them, erases it (a guest in the building only when the
admin says so), holds it from purge and erasure, and releases the hold. Each is the command
line's service under the admin's name; a look-up is audited as a view of each person found."""

from datetime import datetime

from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import record_view
from kiosk.services.rights.requests import (
    ErasureReport,
    Match,
    PersonQuery,
    erase_people,
    export_people,
    find_people,
    hold,
    match_of,
    release,
)
from kiosk.services.roles import Role, require


def look_up(kiosk: Kiosk, user: PortalUser, query: PersonQuery) -> list[Match]:
    """Everyone the request names, as the admin checks them before acting."""
    require(user.role, Role.ADMIN)
    with kiosk.unit_of_work() as uow:
        people = find_people(uow, kiosk, query)
        matches = [match_of(uow, kiosk, subject) for subject in people]
        for subject in people:
            record_view(uow, kiosk, user.actor, "request", subject.reference)
        uow.commit()
    return matches


def export_for(kiosk: Kiosk, user: PortalUser, query: PersonQuery) -> dict:
    require(user.role, Role.ADMIN)
    return export_people(kiosk, query, user.actor)


def erase_for(kiosk: Kiosk, user: PortalUser, query: PersonQuery, force: bool) -> ErasureReport:
    require(user.role, Role.ADMIN)
    return erase_people(kiosk, query, user.actor, force=force)


def hold_for(
    kiosk: Kiosk, user: PortalUser, query: PersonQuery, reason: str, until: datetime
) -> int:
    require(user.role, Role.ADMIN)
    return hold(kiosk, query, reason, until, user.actor)


def release_for(kiosk: Kiosk, user: PortalUser, query: PersonQuery) -> int:
    require(user.role, Role.ADMIN)
    return release(kiosk, query, user.actor)
