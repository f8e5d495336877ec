"""``/reception/...``: the desk's pages for staff (reception or admin): who is expected today,
who is on site (the page refreshes itself; sign out, reprint, the roll call on the lobby
printer), what needs attention (let in after checking, reprint, done), and registering a guest
for any host."""

import functools
from collections import Counter
from collections.abc import Callable
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.clock import local_today
from kiosk.errors import KioskError, NotFound
from kiosk.i18n import translations
from kiosk.services.alert_reasons import KIOSK_ALERTS, reason_text
from kiosk.services.directory.hosts import list_hosts
from kiosk.services.invitations.invite import InvitationMade, InvitationRequest
from kiosk.services.portal.preview import InvitationPreview
from kiosk.services.portal.reception import (
    RECEPTION,
    badge_printers,
    check_in_at_desk,
    expected_today,
    needs_attention,
    on_site_now,
    preview_registration,
    print_roll,
    register_and_check_in,
    register_guest,
    registered_guest,
    reprint_badge,
    sign_guest_out,
)
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.reception.alerts import admit, reprint_for, resolve_alert
from kiosk.services.reception.expected import ORDERS, in_order
from kiosk.services.reception.search import narrowed
from kiosk.services.visits.admission import CheckIn
from kiosk.web.invitation_form import (
    Desk,
    chosen_host,
    empty_form,
    sent,
    submitted,
    whatsapp_link,
)
from kiosk.web.pages import (
    confirm_first,
    path_id,
    reader_language,
    render,
    required_user,
    search_query,
    see_other,
)
from kiosk.web.security import checked_form
from kiosk.words import N_, describe

REFRESH_SECONDS = 30
ON_SITE, ATTENTION, EXPECTED = "/reception/onsite", "/reception/attention", "/reception/expected"


async def home(_request: Request) -> Response:
    return see_other("/reception/onsite")


def _day(request: Request) -> date:
    kiosk = request.app.state.kiosk
    try:
        return date.fromisoformat(request.query_params["date"])
    except (KeyError, ValueError):
        return local_today(kiosk.site.timezone)


def _searched(request: Request, rows: list) -> dict:
    """The rows the page's ``?q=`` narrows them to (a guest's name, their company, their
    host), with what the page says of the search."""
    query = search_query(request)
    shown = narrowed(rows, query, lambda row: (row.guest_name, row.company, row.host_name))
    return {"guests": shown, "query": query, "total": len(rows)}


async def expected_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    kiosk, day = request.app.state.kiosk, _day(request)
    sort = request.query_params.get("sort", "time")
    sort = sort if sort in ORDERS else "time"
    guests = in_order(await run_in_threadpool(expected_today, kiosk, user, day), sort)
    today = day == local_today(kiosk.site.timezone)
    printers = await run_in_threadpool(badge_printers, kiosk, user) if today else []
    return render(
        request,
        "reception_expected.html",
        user,
        day=day,
        done=request.query_params.get("done"),
        counts=Counter(guest.status for guest in guests),
        printers=printers,
        today=today,
        sort=sort,
        **_searched(request, guests),
    )


async def on_site_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    guests = await run_in_threadpool(on_site_now, request.app.state.kiosk, user)
    return render(
        request,
        "reception_onsite.html",
        user,
        **_searched(request, guests),
        refresh=REFRESH_SECONDS,
        done=request.query_params.get("done"),
    )


async def _act(
    request: Request,
    action: Callable[[PortalUser], object],
    back: str,
    done: str,
    confirm: tuple[str, str] | None = None,
) -> Response:
    """Runs a desk action on a posted form, then shows ``back`` saying it was ``done``; a
    refusal is said on a page of its own. With ``confirm`` (the question and its yes), only
    once staff confirmed it on a page of its own."""
    user = await required_user(request, RECEPTION)
    form = await checked_form(request)
    if confirm:
        asking = confirm_first(request, user, form, *confirm, back)
        if asking:
            return asking
    try:
        await run_in_threadpool(action, user)
    except NotFound:
        raise
    except KioskError as refused:
        _ = translations(reader_language(request, user)).gettext
        detail = describe(refused, _, lambda _field: None)
        return render(request, "problem.html", user, status=400, problem="refused", detail=detail)
    return see_other(f"{back}?done={done}")


async def sign_out_page(request: Request) -> Response:
    kiosk, visit_id = request.app.state.kiosk, path_id(request, "visit_id")
    action = functools.partial(sign_guest_out, kiosk, visit_id=visit_id)
    confirm = (N_("Sign this guest out now?"), N_("Yes, sign out"))
    return await _act(request, action, ON_SITE, "signed_out", confirm)


NO_BADGE = "none"


async def desk_check_in_page(request: Request) -> Response:
    """*Check in & print* on Expected: the guest is checked in by the staff member, the badge
    prints on the chosen kiosk's printer (or none), and the host is told."""
    await required_user(request, RECEPTION)
    form = await checked_form(request)
    kiosk, invitation_id = request.app.state.kiosk, path_id(request, "invitation_id")
    action = functools.partial(
        check_in_at_desk, kiosk, invitation_id=invitation_id, print_at=_print_at(form)
    )
    return await _act(request, action, EXPECTED, "checked_in")


async def reprint_page(request: Request) -> Response:
    kiosk, visit_id = request.app.state.kiosk, path_id(request, "visit_id")
    action = functools.partial(reprint_badge, kiosk, visit_id=visit_id)
    return await _act(request, action, ON_SITE, "reprinted")


async def roll_call_page(request: Request) -> Response:
    return await _act(
        request, functools.partial(print_roll, request.app.state.kiosk), ON_SITE, "roll_call"
    )


async def attention_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    alerts = await run_in_threadpool(needs_attention, request.app.state.kiosk, user)
    _ = translations(reader_language(request, user)).gettext
    return render(
        request,
        "reception_attention.html",
        user,
        alerts=alerts,
        reasons={alert.id: reason_text(alert.reason, _) for alert in alerts},
        about_kiosk={alert.id for alert in alerts if alert.reason in KIOSK_ALERTS},
        done=request.query_params.get("done"),
    )


ALERT_ACTIONS = {
    "admit": lambda kiosk, alert_id, user: admit(kiosk, alert_id, user.actor),
    "reprint": lambda kiosk, alert_id, user: reprint_for(kiosk, alert_id),
    "done": lambda kiosk, alert_id, user: resolve_alert(kiosk, alert_id, user.actor),
}


async def alert_action_page(request: Request) -> Response:
    name = request.path_params["action"]
    if name not in ALERT_ACTIONS:
        raise NotFound("no such page", reason="no_page")
    action = functools.partial(
        ALERT_ACTIONS[name], request.app.state.kiosk, path_id(request, "alert_id")
    )
    return await _act(request, action, ATTENTION, name)


async def _desk(request: Request, user: PortalUser) -> Desk:
    kiosk = request.app.state.kiosk
    hosts = await run_in_threadpool(list_hosts, kiosk)
    return Desk(hosts, await run_in_threadpool(badge_printers, kiosk, user))


def _print_at(form) -> str | None:
    choice = str(form.get("print_at", NO_BADGE))
    return None if choice == NO_BADGE else choice


async def register_page(request: Request) -> Response:
    user = await required_user(request, RECEPTION)
    return empty_form(request, user, await _desk(request, user))


async def register_post(request: Request) -> Response:
    """*Register and check in now* (the guest is at the desk), or *Send an invitation*."""
    user = await required_user(request, RECEPTION)
    kiosk = request.app.state.kiosk
    desk = await _desk(request, user)

    def host_of(form) -> int:
        return chosen_host(desk, str(form.get("host", "")))

    def make(wanted: InvitationRequest, form) -> InvitationMade | CheckIn:
        if form.get("action") == "check_in":
            return register_and_check_in(kiosk, user, host_of(form), wanted, _print_at(form))
        return register_guest(kiosk, user, host_of(form), wanted)

    def preview(wanted: InvitationRequest, form) -> InvitationPreview:
        return preview_registration(kiosk, user, host_of(form), wanted)

    made = await submitted(request, user, make, preview, desk)
    if isinstance(made, Response):
        return made
    if isinstance(made, CheckIn):
        return sent(kiosk, f"{EXPECTED}?done=checked_in")
    queued = made.emailed or made.messaged
    return sent(kiosk, f"/reception/invitations/{made.id}?done=registered", queued)


async def registered_page(request: Request) -> Response:
    """A guest reception registered: when, for whom, and how to send them their page."""
    user = await required_user(request, RECEPTION)
    kiosk = request.app.state.kiosk
    invitation_id = path_id(request, "invitation_id")
    guest = await run_in_threadpool(registered_guest, kiosk, user, invitation_id)
    return render(
        request,
        "reception_registered.html",
        user,
        guest=guest,
        wa_link=whatsapp_link(guest.sharing),
        done=request.query_params.get("done"),
    )


ROUTES = [
    Route("/reception", home, methods=["GET"]),
    Route("/reception/expected", expected_page, methods=["GET"]),
    Route("/reception/register", register_page, methods=["GET"]),
    Route("/reception/register", register_post, methods=["POST"]),
    Route("/reception/invitations/{invitation_id}", registered_page, methods=["GET"]),
    Route("/reception/onsite", on_site_page, methods=["GET"]),
    Route("/reception/onsite/print", roll_call_page, methods=["POST"]),
    Route("/reception/visits/{visit_id}/signout", sign_out_page, methods=["POST"]),
    Route("/reception/invitations/{invitation_id}/checkin", desk_check_in_page, methods=["POST"]),
    Route("/reception/visits/{visit_id}/reprint", reprint_page, methods=["POST"]),
    Route("/reception/attention", attention_page, methods=["GET"]),
    Route("/reception/attention/{alert_id}/{action}", alert_action_page, methods=["POST"]),
]
