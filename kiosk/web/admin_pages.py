"""``/admin/staff``: an admin gives the team their accounts, new passwords, or ends them."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError, RefusedInput
from kiosk.i18n import translations
from kiosk.services.directory.hosts import ADMIN, ActingStaff
from kiosk.services.portal.staff import (
    ROLES,
    add_staff,
    list_staff,
    remove_staff,
    reset_password,
)
from kiosk.web.pages import confirm_first, reader_language, render, required_user, see_other
from kiosk.web.security import checked_form
from kiosk.words import N_, describe


async def _staff_page(request: Request, user, **shown) -> Response:
    accounts = await run_in_threadpool(list_staff, request.app.state.kiosk)
    context = {"password": None, "error": None, "given": {}} | shown
    status = 400 if context["error"] else 200
    return render(
        request, "admin_staff.html", user, status=status, accounts=accounts, roles=ROLES, **context
    )


async def staff_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    return await _staff_page(request, user)


async def add_staff_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    form = await checked_form(request)
    given = {name: str(form.get(name, "")).strip() for name in ("name", "email", "role")}
    kiosk = request.app.state.kiosk
    try:
        made = await run_in_threadpool(
            add_staff, kiosk, given["name"], given["email"], given["role"], user.actor
        )
    except (RefusedInput, KioskError) as refused:
        _ = translations(reader_language(request, user)).gettext
        labels = {"member.name": _("Name"), "member.email": _("Email")}
        error = describe(refused, _, labels.get)
        return await _staff_page(request, user, error=error, given=given)
    return await _staff_page(request, user, password=made)


async def reset_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    form = await checked_form(request)
    made = await run_in_threadpool(
        reset_password, request.app.state.kiosk, str(form.get("email", "")), user.actor
    )
    return await _staff_page(request, user, password=made)


async def remove_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    form = await checked_form(request)
    question = N_("Remove this staff account? They are signed out and can no longer sign in.")
    asking = confirm_first(request, user, form, question, N_("Yes, remove it"), "/admin/staff")
    if asking:
        return asking
    acting = ActingStaff(user.host_id, ADMIN)
    email = str(form.get("email", ""))
    try:
        await run_in_threadpool(remove_staff, request.app.state.kiosk, email, user.actor, acting)
    except KioskError as refused:
        _ = translations(reader_language(request, user)).gettext
        return await _staff_page(request, user, error=describe(refused, _, lambda _f: None))
    return see_other("/admin/staff")


ROUTES = [
    Route("/admin/staff", staff_page, methods=["GET"]),
    Route("/admin/staff", add_staff_page, methods=["POST"]),
    Route("/admin/staff/reset", reset_page, methods=["POST"]),
    Route("/admin/staff/remove", remove_page, methods=["POST"]),
]
