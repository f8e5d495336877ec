"""``/settings``: how the signed-in host is told that their guest has arrived, and the devices
they are signed in on (each can be signed out)."""

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import RefusedInput
from kiosk.privacy.gateway import Source
from kiosk.services.directory.notify_choice import ADDRESS, VIA, choose_notify, notify_choice
from kiosk.services.portal.sessions import my_devices, sign_out_device
from kiosk.web.pages import Page, page, see_other
from kiosk.web.security import SESSION_COOKIE

SETTINGS = "/settings"


async def _settings(page: Page, error: str | None = None) -> Response:
    choice = await run_in_threadpool(notify_choice, page.kiosk, page.user.host_id)
    devices = await run_in_threadpool(my_devices, page.kiosk, page.user)
    registry = page.kiosk.gateway.registry
    why = {
        key: registry.text(registry.fields[key].why, page.language)
        for key in (VIA, ADDRESS)
        if key in registry.fields
    }
    return page.render(
        "host_settings.html",
        status=400 if error else 200,
        choice=choice,
        devices=devices,
        why=why,
        error=error,
        done=page.query("done"),
    )


@page()
async def settings_page(page: Page) -> Response:
    return await _settings(page)


@page()
async def settings_post(page: Page) -> Response:
    form = await page.form()
    via = str(form.get("via", ""))
    address = str(form.get("address", "")).strip() or None
    user = page.user
    chosen = (user.host_id, via, address, user.actor, Source.SELF_ENTERED, page.language)
    try:
        await run_in_threadpool(choose_notify, page.kiosk, *chosen)
    except RefusedInput as refused:
        return await _settings(page, page.said(refused))
    return see_other(f"{SETTINGS}?done=saved")


@page()
async def sign_out_device_page(page: Page) -> Response:
    """Signs one of the person's devices out; this one, and they are at the sign-in page."""
    await page.form()
    session_id = page.path_id("session_id")
    await run_in_threadpool(sign_out_device, page.kiosk, page.user, session_id)
    if session_id != page.user.session_id:
        return see_other(f"{SETTINGS}?done=device_signed_out")
    response = see_other("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


ROUTES = [
    Route(SETTINGS, settings_page, methods=["GET"]),
    Route(SETTINGS, settings_post, methods=["POST"]),
    Route(SETTINGS + "/devices/{session_id}/signout", sign_out_device_page, methods=["POST"]),
]
