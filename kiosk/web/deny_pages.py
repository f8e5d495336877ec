"""``/reception/deny``: who may not enter. Staff add a person (the registry's deny-list fields,
each with its "why do we ask?"), see the entries in force (showing their ID details is
audited) and lift a ban."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.clock import local_today
from kiosk.errors import KioskError
from kiosk.i18n import translations
from kiosk.privacy.registry import Intake
from kiosk.services.intake.fields import prompts
from kiosk.services.portal.reception import RECEPTION, require
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.screening.deny_list import (
    DenyRequest,
    add_to_deny_list,
    deny_list,
    remove_from_deny_list,
)
from kiosk.web.fields import field_context, refusal_beside, values_of
from kiosk.web.pages import (
    confirm_first,
    path_id,
    reader_language,
    render,
    required_user,
    see_other,
)
from kiosk.web.security import checked_form
from kiosk.words import N_

DENY = "/reception/deny"
DEFAULT_DAYS = 365


def _entries(kiosk, user: PortalUser):
    require(user)
    return deny_list(kiosk, user.actor)


async def _page(request: Request, user: PortalUser, given: dict, errors: dict) -> Response:
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    asked = prompts(kiosk, Intake.DENY_LIST, None, language)
    entries = await run_in_threadpool(_entries, kiosk, user)
    until = local_today(kiosk.site.timezone) + timedelta(days=DEFAULT_DAYS)
    return render(
        request,
        "reception_deny.html",
        user,
        status=400 if errors else 200,
        entries=entries,
        **field_context(kiosk, asked, language),
        given={"until": until.isoformat()} | given,
        errors=errors,
        done=request.query_params.get("done"),
    )


async def deny_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    return await _page(request, user, {}, {})


async def add_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    _ = translations(language).gettext
    asked = prompts(kiosk, Intake.DENY_LIST, None, language)
    given = {name: str(value) for name, value in form.items()}
    try:
        last_day = date.fromisoformat(given.get("until", ""))
    except ValueError:
        return await _page(request, user, given, {"until": _("Choose the last day of the ban.")})
    until = datetime.combine(last_day, time(23, 59, 59), ZoneInfo(kiosk.site.timezone))
    try:
        entry = DenyRequest(values_of(form, asked), until)
        await run_in_threadpool(add_to_deny_list, kiosk, entry, user.actor)
    except KioskError as refused:
        return await _page(request, user, given, refusal_beside(refused, asked, _))
    return see_other(f"{DENY}?done=added")


async def lift_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    form = await checked_form(request)
    entry_id = path_id(request, "entry_id")
    question = N_("Lift this ban? The person can check in again.")
    asking = confirm_first(request, user, form, question, N_("Yes, lift it"), DENY)
    if asking:
        return asking
    await run_in_threadpool(remove_from_deny_list, request.app.state.kiosk, entry_id, user.actor)
    return see_other(f"{DENY}?done=lifted")


ROUTES = [
    Route(DENY, deny_page, methods=["GET"]),
    Route(DENY, add_page, methods=["POST"]),
    Route(DENY + "/{entry_id}/lift", lift_page, methods=["POST"]),
]
