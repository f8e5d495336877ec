"""``/settings``: how the signed-in host is told that their guest has arrived, and the devices
they are signed in on (each can be signed out)."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import RefusedInput
from kiosk.i18n import translations
from kiosk.privacy.gateway import Source
from kiosk.services.directory.notify_choice import ADDRESS, VIA, choose_notify, notify_choice
from kiosk.services.portal.sessions import my_devices, sign_out_device
from kiosk.services.portal.sign_in import PortalUser
from kiosk.web.pages import path_id, reader_language, render, required_user, see_other
from kiosk.web.security import SESSION_COOKIE, checked_form
from kiosk.words import describe

SETTINGS = "/settings"


async def _page(request: Request, user: PortalUser, error: str | None = None) -> Response:
    kiosk = request.app.state.kiosk
    choice = await run_in_threadpool(notify_choice, kiosk, user.host_id)
    devices = await run_in_threadpool(my_devices, kiosk, user)
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
        devices=devices,
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


async def sign_out_device_page(request: Request) -> Response:
    """Signs one of the person's devices out; this one, and they are at the sign-in page."""
    user = await required_user(request)
    await checked_form(request)
    session_id = path_id(request, "session_id")
    await run_in_threadpool(sign_out_device, request.app.state.kiosk, user, session_id)
    if session_id != user.session_id:
        return see_other(f"{SETTINGS}?done=device_signed_out")
    response = see_other("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


ROUTES = [
    Route(SETTINGS, settings_page, methods=["GET"]),
    Route(SETTINGS, settings_post, methods=["POST"]),
    Route(SETTINGS + "/devices/{session_id}/signout", sign_out_device_page, methods=["POST"]),
]
