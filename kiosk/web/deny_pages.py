"""``/reception/deny``: who may not enter. Staff add a person (the registry's deny-list fields,
each with its "why do we ask?"), see the entries in force (showing their ID details is
audited) and lift a ban."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from kiosk.clock import local_today
from kiosk.privacy.registry import Intake
from kiosk.services.roles import Role
from kiosk.services.screening.deny_list import (
    DenyRequest,
    add_to_deny_list,
    deny_list,
    remove_from_deny_list,
)
from kiosk.web.list_pages import ListWithForm
from kiosk.web.pages import Page, page, see_other
from kiosk.words import N_

DENY = "/reception/deny"
DEFAULT_DAYS = 365


async def _entries(page: Page) -> dict:
    entries = await run_in_threadpool(deny_list, page.kiosk, page.user.actor)
    return {"entries": entries}


DENY_LIST = ListWithForm(DENY, "reception_deny.html", Intake.DENY_LIST, _entries)


def _until_default(page: Page) -> dict[str, str]:
    until = local_today(page.kiosk.site.timezone) + timedelta(days=DEFAULT_DAYS)
    return {"until": until.isoformat()}


@page(Role.RECEPTION)
async def deny_page(page: Page) -> Response:
    return await DENY_LIST.show(page, _until_default(page))


@page(Role.RECEPTION)
async def add_page(page: Page) -> Response:
    form = await page.form()
    given = {name: str(value) for name, value in form.items()}
    try:
        last_day = date.fromisoformat(given.get("until", ""))
    except ValueError:
        error = {"until": page._("Choose the last day of the ban.")}
        return await DENY_LIST.show(page, given, error)
    until = datetime.combine(last_day, time(23, 59, 59), ZoneInfo(page.kiosk.site.timezone))
    actor = page.user.actor
    return await DENY_LIST.add(
        page,
        form,
        lambda values: add_to_deny_list(page.kiosk, DenyRequest(values, until), actor),
    )


@page(Role.RECEPTION)
async def lift_page(page: Page) -> Response:
    form = await page.form()
    entry_id = page.path_id("entry_id")
    question = N_("Lift this ban? The person can check in again.")
    asking = page.confirm_first(form, question, N_("Yes, lift it"), DENY)
    if asking:
        return asking
    await run_in_threadpool(remove_from_deny_list, page.kiosk, entry_id, page.user.actor)
    return see_other(f"{DENY}?done=lifted")


ROUTES = [
    Route(DENY, deny_page, methods=["GET"]),
    Route(DENY, add_page, methods=["POST"]),
    Route(DENY + "/{entry_id}/lift", lift_page, methods=["POST"]),
]
