"""``/reception/hosts``: the member directory for staff. Add a host (the registry's directory
fields, each with its "why do we ask?") or take one out; an admin also sees the entries taken
out and brings one back. Reception never acts on an admin's entry. The list is an audited
view."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError
from kiosk.i18n import translations
from kiosk.privacy.registry import Intake
from kiosk.services.directory.csv_import import host_columns, import_hosts
from kiosk.services.directory.hosts import (
    ADMIN,
    ActingStaff,
    HostView,
    NewHost,
    add_to_directory,
    admin_ids,
    deactivate_host,
    list_hosts,
    reactivate_host,
)
from kiosk.services.intake.fields import prompts
from kiosk.services.portal.reception import RECEPTION, require
from kiosk.services.portal.sessions import sign_out_everywhere
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import viewed
from kiosk.services.reception.search import narrowed
from kiosk.web.fields import field_context, refusal_beside, values_of
from kiosk.web.pages import (
    confirm_first,
    reader_language,
    render,
    required_user,
    search_query,
    see_other,
)
from kiosk.web.security import checked_form
from kiosk.web.uploads import Upload, upload_routes
from kiosk.words import N_, describe

HOSTS = "/reception/hosts"


def _directory(kiosk, user: PortalUser) -> tuple[list[HostView], set[int]]:
    """The entries this staff member sees (an admin: those taken out too), and the admins'."""
    require(user)
    hosts = list_hosts(kiosk, include_inactive=user.may(ADMIN))
    admins = admin_ids(kiosk)
    viewed(kiosk, user.actor, f"directory:{len(hosts)}")
    return hosts, admins


async def _page(request: Request, user: PortalUser, given: dict, errors: dict) -> Response:
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    asked = prompts(kiosk, Intake.DIRECTORY, None, language)
    hosts, admins = await run_in_threadpool(_directory, kiosk, user)
    query = search_query(request)
    active = [host for host in hosts if host.active]
    return render(
        request,
        "reception_hosts.html",
        user,
        status=400 if errors else 200,
        hosts=narrowed(active, query, lambda host: (host.name, host.company or "", host.email)),
        query=query,
        total=len(active),
        taken_out=[host for host in hosts if not host.active],
        admins=admins,
        **field_context(kiosk, asked, language),
        given=given,
        errors=errors,
        done=request.query_params.get("done"),
        imported=request.query_params.get("count"),
    )


def _acting(user: PortalUser) -> ActingStaff:
    return ActingStaff(user.host_id, user.role or "")


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


async def _change(
    request: Request, role: str, change, done: str, *extra, confirm: tuple[str, str] | None = None
) -> Response:
    """Runs ``change`` on the entry the form names (with ``confirm``, once confirmed on a page
    of its own); a refusal is said above the list."""
    user = await required_user(request, role)
    form = await checked_form(request)
    if confirm:
        asking = confirm_first(request, user, form, *confirm, HOSTS)
        if asking:
            return asking
    email = str(form.get("email", ""))
    try:
        await run_in_threadpool(change, request.app.state.kiosk, email, user.actor, *extra)
    except KioskError as refused:
        _ = translations(reader_language(request, user)).gettext
        return await _page(request, user, {}, {"list": describe(refused, _, lambda _f: None)})
    return see_other(f"{HOSTS}?done={done}")


async def deactivate_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    question = N_(
        "Take this host out of the directory? Guests can no longer choose them, and they are "
        "signed out of the portal."
    )
    confirm = (question, N_("Yes, take them out"))
    return await _change(
        request, RECEPTION, deactivate_host, "deactivated", _acting(user), confirm=confirm
    )


async def reactivate_page(request: Request) -> Response:
    return await _change(request, ADMIN, reactivate_host, "reactivated")


async def sign_out_everywhere_page(request: Request) -> Response:
    """An admin signs a host out of the portal on every device (a lost phone)."""
    question = N_("Sign this person out of the portal on every device?")
    confirm = (question, N_("Yes, sign them out"))
    return await _change(request, ADMIN, sign_out_everywhere, "signed_out", confirm=confirm)


DIRECTORY_FILE = Upload(
    kind="hosts",
    role=ADMIN,
    columns=host_columns,
    run=lambda kiosk, user, file, skip_bad, check_only: import_hosts(
        kiosk, file, user.actor, skip_bad=skip_bad, check_only=check_only
    ),
    back=HOSTS,
)

ROUTES = [
    Route(HOSTS, hosts_page, methods=["GET"]),
    *upload_routes(HOSTS + "/import", DIRECTORY_FILE),
    Route(HOSTS, add_page, methods=["POST"]),
    Route(HOSTS + "/deactivate", deactivate_page, methods=["POST"]),
    Route(HOSTS + "/reactivate", reactivate_page, methods=["POST"]),
    Route(HOSTS + "/signout", sign_out_everywhere_page, methods=["POST"]),
]
