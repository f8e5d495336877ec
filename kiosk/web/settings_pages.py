"""``/settings``: how the signed-in host is told that their guest has arrived."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import RefusedInput
from kiosk.i18n import translations
from kiosk.privacy.gateway import Source
from kiosk.services.directory.notify_choice import ADDRESS, VIA, choose_notify, notify_choice
from kiosk.services.portal.sign_in import PortalUser
from kiosk.web.pages import reader_language, render, required_user, see_other
from kiosk.web.security import checked_form
from kiosk.words import describe

SETTINGS = "/settings"


async def _page(request: Request, user: PortalUser, error: str | None = None) -> Response:
    kiosk = request.app.state.kiosk
    choice = await run_in_threadpool(notify_choice, kiosk, user.host_id)
    registry = kiosk.gateway.registry
    language = reader_language(request, user)
    why = {
        key: registry.text(registry.fields[key].why, language)
        for key in (VIA, ADDRESS)
        if key in registry.fields
    }
    return render(
        request,
        "host_settings.html",
        user,
        status=400 if error else 200,
        choice=choice,
        why=why,
        error=error,
        done=request.query_params.get("done"),
    )


async def settings_page(request: Request) -> Response:
    return await _page(request, await required_user(request))


async def settings_post(request: Request) -> Response:
    user = await required_user(request)
    form = await checked_form(request)
    language = reader_language(request, user)
    via = str(form.get("via", ""))
    address = str(form.get("address", "")).strip() or None
    kiosk = request.app.state.kiosk
    chosen = (kiosk, user.host_id, via, address, user.actor, Source.SELF_ENTERED, language)
    try:
        await run_in_threadpool(choose_notify, *chosen)
    except RefusedInput as refused:
        _ = translations(language).gettext
        return await _page(request, user, describe(refused, _, lambda _field: None))
    return see_other(f"{SETTINGS}?done=saved")


ROUTES = [
    Route(SETTINGS, settings_page, methods=["GET"]),
    Route(SETTINGS, settings_post, methods=["POST"]),
]
