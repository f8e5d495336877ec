"""``/reception/hosts``: the member directory for staff. Add a host (the registry's directory
fields, each with its "why do we ask?") or take one out; the list is an audited view."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError
from kiosk.i18n import translations
from kiosk.privacy.registry import Intake
from kiosk.services.directory.hosts import (
    HostView,
    NewHost,
    add_to_directory,
    deactivate_host,
    list_hosts,
)
from kiosk.services.intake.fields import prompts
from kiosk.services.portal.reception import RECEPTION, require
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import viewed
from kiosk.web.fields import field_context, refusal_beside, values_of
from kiosk.web.pages import reader_language, render, required_user, see_other
from kiosk.web.security import checked_form

HOSTS = "/reception/hosts"


def _directory(kiosk, user: PortalUser) -> list[HostView]:
    require(user)
    hosts = list_hosts(kiosk)
    viewed(kiosk, user.actor, f"directory:{len(hosts)}")
    return hosts


async def _page(request: Request, user: PortalUser, given: dict, errors: dict) -> Response:
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    asked = prompts(kiosk, Intake.DIRECTORY, None, language)
    hosts = await run_in_threadpool(_directory, kiosk, user)
    return render(
        request,
        "reception_hosts.html",
        user,
        status=400 if errors else 200,
        hosts=hosts,
        **field_context(kiosk, asked, language),
        given=given,
        errors=errors,
        done=request.query_params.get("done"),
    )


async def hosts_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    return await _page(request, user, {}, {})


async def add_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    asked = prompts(kiosk, Intake.DIRECTORY, None, language)
    try:
        host = NewHost(values_of(form, asked))
        await run_in_threadpool(add_to_directory, kiosk, host, user.actor)
    except KioskError as refused:
        _ = translations(language).gettext
        given = {name: str(value) for name, value in form.items()}
        return await _page(request, user, given, refusal_beside(refused, asked, _))
    return see_other(f"{HOSTS}?done=added")


async def deactivate_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    form = await checked_form(request)
    email = str(form.get("email", ""))
    await run_in_threadpool(deactivate_host, request.app.state.kiosk, email, user.actor)
    return see_other(f"{HOSTS}?done=deactivated")


ROUTES = [
    Route(HOSTS, hosts_page, methods=["GET"]),
    Route(HOSTS, add_page, methods=["POST"]),
    Route(HOSTS + "/deactivate", deactivate_page, methods=["POST"]),
]
