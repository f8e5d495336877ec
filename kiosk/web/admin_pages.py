"""``/admin/staff``: an admin gives the team their accounts, new passwords, or ends them."""

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError, RefusedInput
from kiosk.services.directory.hosts import ActingStaff
from kiosk.services.portal.staff import (
    ROLES,
    add_staff,
    list_staff,
    remove_staff,
    reset_password,
)
from kiosk.services.roles import Role
from kiosk.web.pages import Page, page, see_other
from kiosk.words import N_, describe

STAFF = "/admin/staff"


async def _staff_page(page: Page, **shown) -> Response:
    accounts = await run_in_threadpool(list_staff, page.kiosk)
    context = {"password": None, "error": None, "given": {}} | shown
    status = 400 if context["error"] else 200
    return page.render("admin_staff.html", status=status, accounts=accounts, roles=ROLES, **context)


@page(Role.ADMIN)
async def staff_page(page: Page) -> Response:
    return await _staff_page(page)


@page(Role.ADMIN)
async def add_staff_page(page: Page) -> Response:
    form = await page.form()
    given = {name: str(form.get(name, "")).strip() for name in ("name", "email", "role")}
    try:
        made = await run_in_threadpool(
            add_staff, page.kiosk, given["name"], given["email"], given["role"], page.user.actor
        )
    except (RefusedInput, KioskError) as refused:
        labels = {"member.name": page._("Name"), "member.email": page._("Email")}
        error = describe(refused, page._, labels.get)
        return await _staff_page(page, error=error, given=given)
    return await _staff_page(page, password=made)


@page(Role.ADMIN)
async def reset_page(page: Page) -> Response:
    form = await page.form()
    email = str(form.get("email", ""))
    made = await run_in_threadpool(reset_password, page.kiosk, email, page.user.actor)
    return await _staff_page(page, password=made)


@page(Role.ADMIN)
async def remove_page(page: Page) -> Response:
    form = await page.form()
    question = N_("Remove this staff account? They are signed out and can no longer sign in.")
    asking = page.confirm_first(form, question, N_("Yes, remove it"), STAFF)
    if asking:
        return asking
    acting = ActingStaff(page.user.host_id, Role.ADMIN)
    email = str(form.get("email", ""))
    try:
        await run_in_threadpool(remove_staff, page.kiosk, email, page.user.actor, acting)
    except KioskError as refused:
        return await _staff_page(page, error=page.said(refused))
    return see_other(STAFF)


ROUTES = [
    Route(STAFF, staff_page, methods=["GET"]),
    Route(STAFF, add_staff_page, methods=["POST"]),
    Route(STAFF + "/reset", reset_page, methods=["POST"]),
    Route(STAFF + "/remove", remove_page, methods=["POST"]),
]
