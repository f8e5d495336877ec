"""``/reception/hosts``: the member directory for staff. Add a host (the registry's directory
fields, each with its "why do we ask?") or take one out; an admin also sees the entries taken
out and brings one back, and adds many from a CSV file. Reception never acts on an admin's
entry. The list is an audited view."""

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError
from kiosk.privacy.registry import Intake
from kiosk.services.directory.csv_import import host_columns, import_hosts
from kiosk.services.directory.hosts import (
    ActingStaff,
    HostView,
    NewHost,
    add_to_directory,
    admin_ids,
    deactivate_host,
    list_hosts,
    reactivate_host,
)
from kiosk.services.portal.sessions import sign_out_everywhere
from kiosk.services.portal.views import viewed
from kiosk.services.reception.search import narrowed
from kiosk.services.roles import Role
from kiosk.web.list_pages import ListWithForm
from kiosk.web.pages import Page, page, search_query, see_other
from kiosk.web.uploads import Upload, upload_routes
from kiosk.words import N_

HOSTS = "/reception/hosts"


def _directory(kiosk, actor: str, include_inactive: bool) -> tuple[list[HostView], set[int]]:
    """The entries this staff member sees (an admin: those taken out too), and the admins'."""
    hosts = list_hosts(kiosk, include_inactive=include_inactive)
    admins = admin_ids(kiosk)
    viewed(kiosk, actor, f"directory:{len(hosts)}")
    return hosts, admins


async def _listed(page: Page) -> dict:
    hosts, admins = await run_in_threadpool(
        _directory, page.kiosk, page.user.actor, page.user.may(Role.ADMIN)
    )
    query = search_query(page.request)
    active = [host for host in hosts if host.active]
    return {
        "hosts": narrowed(active, query, lambda host: (host.name, host.company or "", host.email)),
        "query": query,
        "total": len(active),
        "taken_out": [host for host in hosts if not host.active],
        "admins": admins,
        "imported": page.query("count"),
    }


DIRECTORY = ListWithForm(HOSTS, "reception_hosts.html", Intake.DIRECTORY, _listed)


@page(Role.RECEPTION)
async def hosts_page(page: Page) -> Response:
    return await DIRECTORY.show(page)


@page(Role.RECEPTION)
async def add_page(page: Page) -> Response:
    form = await page.form()
    actor = page.user.actor
    return await DIRECTORY.add(
        page, form, lambda values: add_to_directory(page.kiosk, NewHost(values), actor)
    )


async def _change(
    page: Page, change, done: str, *extra, confirm: tuple[str, str] | None = None
) -> Response:
    """Runs ``change`` on the entry the form names (with ``confirm``, once confirmed on a page
    of its own); a refusal is said above the list."""
    form = await page.form()
    if confirm:
        asking = page.confirm_first(form, *confirm, HOSTS)
        if asking:
            return asking
    email = str(form.get("email", ""))
    try:
        await run_in_threadpool(change, page.kiosk, email, page.user.actor, *extra)
    except KioskError as refused:
        return await DIRECTORY.show(page, errors={"list": page.said(refused)})
    return see_other(f"{HOSTS}?done={done}")


@page(Role.RECEPTION)
async def deactivate_page(page: Page) -> Response:
    question = N_(
        "Deactivate this host? Guests can no longer choose them, and they are signed out of "
        "the portal."
    )
    confirm = (question, N_("Yes, deactivate"))
    acting = ActingStaff(page.user.host_id, page.user.role or "")
    return await _change(page, deactivate_host, "deactivated", acting, confirm=confirm)


@page(Role.ADMIN)
async def reactivate_page(page: Page) -> Response:
    return await _change(page, reactivate_host, "reactivated")


@page(Role.ADMIN)
async def sign_out_everywhere_page(page: Page) -> Response:
    """An admin signs a host out of the portal on every device (a lost phone)."""
    question = N_("Sign this person out of the portal on every device?")
    confirm = (question, N_("Yes, sign them out"))
    return await _change(page, sign_out_everywhere, "signed_out", confirm=confirm)


DIRECTORY_FILE = Upload(
    kind="hosts",
    role=Role.ADMIN,
    columns=host_columns,
    run=lambda kiosk, user, file, skip_bad, check_only: import_hosts(
        kiosk, file, user.actor, skip_bad=skip_bad, check_only=check_only
    ),
    back=HOSTS,
)

ROUTES = [
    Route(HOSTS, hosts_page, methods=["GET"]),
    Route(HOSTS, add_page, methods=["POST"]),
    *upload_routes(HOSTS + "/import", DIRECTORY_FILE),
    Route(HOSTS + "/deactivate", deactivate_page, methods=["POST"]),
    Route(HOSTS + "/reactivate", reactivate_page, methods=["POST"]),
    Route(HOSTS + "/signout", sign_out_everywhere_page, methods=["POST"]),
]
