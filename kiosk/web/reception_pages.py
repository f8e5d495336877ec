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
from kiosk.services.alert_reasons import KIOSK_ALERTS, reason_text
from kiosk.services.directory.hosts import list_hosts
from kiosk.services.invitations.invite import InvitationMade, InvitationRequest
from kiosk.services.portal.preview import InvitationPreview
from kiosk.services.portal.reception import (
    ExpectedDay,
    badge_printers,
    check_in_at_desk,
    expected_on,
    guest_signing_out,
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
from kiosk.services.reception.alerts import admit, reprint_for, resolve_alert
from kiosk.services.reception.expected import ORDERS, in_order
from kiosk.services.reception.search import narrowed
from kiosk.services.roles import Role
from kiosk.services.visits.admission import CheckIn
from kiosk.web.invitation_form import (
    Desk,
    chosen_host,
    empty_form,
    sent,
    submitted,
    whatsapp_link,
)
from kiosk.web.pages import Page, page, search_query, see_other
from kiosk.words import N_

REFRESH_SECONDS = 30
ON_SITE, ATTENTION, EXPECTED = "/reception/onsite", "/reception/attention", "/reception/expected"
NO_BADGE = "none"


async def home(_request: Request) -> Response:
    return see_other(ON_SITE)


def _day(request: Request) -> date:
    try:
        return date.fromisoformat(request.query_params.get("date") or "")
    except ValueError:
        return local_today(request.app.state.kiosk.site.timezone)


def _searched(page: Page, rows: list) -> dict:
    """The rows the page's ``?q=`` narrows them to (a guest's name, their company, their
    host), with what the page says of the search."""
    query = search_query(page.request)
    shown = narrowed(rows, query, lambda row: (row.guest_name, row.company, row.host_name))
    return {"guests": shown, "query": query, "total": len(rows)}


@page(Role.RECEPTION, reads=lambda request: functools.partial(expected_on, day=_day(request)))
async def expected_page(page: Page) -> Response:
    expected: ExpectedDay = page.found
    sort = page.query("sort")
    sort = sort if sort in ORDERS else "time"
    guests = in_order(expected.guests, sort)
    day = _day(page.request)
    return page.render(
        "reception_expected.html",
        day=day,
        done=page.query("done"),
        counts=Counter(guest.status for guest in guests),
        printers=expected.printers,
        today=day == local_today(page.kiosk.site.timezone),
        sort=sort,
        **_searched(page, guests),
    )


@page(Role.RECEPTION, reads=lambda _request: on_site_now)
async def on_site_page(page: Page) -> Response:
    return page.render(
        "reception_onsite.html",
        **_searched(page, page.found),
        refresh=REFRESH_SECONDS,
        done=page.query("done"),
    )


async def _act(
    page: Page,
    action: Callable[..., object],
    back: str,
    done: str,
    confirm: tuple[str, str] | None = None,
    about: str | None = None,
) -> Response:
    """Runs a desk action (given the site and the staff member) on a posted form, then shows
    ``back`` saying it was ``done``; a refusal is said on a page of its own. With ``confirm``
    (the question and its yes), only once staff confirmed it on a page of its own, which
    names whom it is ``about``."""
    form = await page.form()
    if confirm:
        asking = page.confirm_first(form, *confirm, back, about)
        if asking:
            return asking
    try:
        await run_in_threadpool(action, page.kiosk, page.user)
    except NotFound:
        raise
    except KioskError as refused:
        return page.render("problem.html", status=400, problem="refused", detail=page.said(refused))
    return see_other(f"{back}?done={done}")


@page(Role.RECEPTION)
async def sign_out_page(page: Page) -> Response:
    visit_id = page.path_id("visit_id")
    guest = await run_in_threadpool(guest_signing_out, page.kiosk, page.user, visit_id)
    action = functools.partial(sign_guest_out, visit_id=visit_id)
    confirm = (N_("Check this guest out now?"), N_("Yes, check out"))
    return await _act(page, action, ON_SITE, "signed_out", confirm, guest)


@page(Role.RECEPTION)
async def desk_check_in_page(page: Page) -> Response:
    """*Check in & print* on Expected: the guest is checked in by the staff member, the badge
    prints on the chosen kiosk's printer (or none), and the host is told."""
    form = await page.form()
    action = functools.partial(
        check_in_at_desk, invitation_id=page.path_id("invitation_id"), print_at=_print_at(form)
    )
    return await _act(page, action, EXPECTED, "checked_in")


@page(Role.RECEPTION)
async def reprint_page(page: Page) -> Response:
    action = functools.partial(reprint_badge, visit_id=page.path_id("visit_id"))
    return await _act(page, action, ON_SITE, "reprinted")


@page(Role.RECEPTION)
async def roll_call_page(page: Page) -> Response:
    return await _act(page, print_roll, ON_SITE, "roll_call")


@page(Role.RECEPTION)
async def attention_page(page: Page) -> Response:
    alerts = await run_in_threadpool(needs_attention, page.kiosk, page.user)
    return page.render(
        "reception_attention.html",
        alerts=alerts,
        reasons={alert.id: reason_text(alert.reason, page._) for alert in alerts},
        about_kiosk={alert.id for alert in alerts if alert.reason in KIOSK_ALERTS},
        done=page.query("done"),
    )


ALERT_ACTIONS = {
    "admit": lambda kiosk, user, alert_id: admit(kiosk, alert_id, user.actor),
    "reprint": lambda kiosk, user, alert_id: reprint_for(kiosk, alert_id),
    "done": lambda kiosk, user, alert_id: resolve_alert(kiosk, alert_id, user.actor),
}


@page(Role.RECEPTION)
async def alert_action_page(page: Page) -> Response:
    name = page.request.path_params["action"]
    if name not in ALERT_ACTIONS:
        raise NotFound("no such page", reason="no_page")
    action = functools.partial(ALERT_ACTIONS[name], alert_id=page.path_id("alert_id"))
    return await _act(page, action, ATTENTION, name)


async def _desk(page: Page) -> Desk:
    hosts = await run_in_threadpool(list_hosts, page.kiosk)
    return Desk(hosts, await run_in_threadpool(badge_printers, page.kiosk, page.user))


def _print_at(form) -> str | None:
    choice = str(form.get("print_at", NO_BADGE))
    return None if choice == NO_BADGE else choice


@page(Role.RECEPTION)
async def register_page(page: Page) -> Response:
    return empty_form(page, await _desk(page))


@page(Role.RECEPTION)
async def register_post(page: Page) -> Response:
    """*Register and check in now* (the guest is at the desk), or *Send an invitation*."""
    kiosk, user = page.kiosk, page.user
    desk = await _desk(page)

    def host_of(form) -> int:
        return chosen_host(desk, str(form.get("host", "")))

    def make(wanted: InvitationRequest, form) -> InvitationMade | CheckIn:
        if form.get("action") == "check_in":
            return register_and_check_in(kiosk, user, host_of(form), wanted, _print_at(form))
        return register_guest(kiosk, user, host_of(form), wanted)

    def preview(wanted: InvitationRequest, form) -> InvitationPreview:
        return preview_registration(kiosk, user, host_of(form), wanted)

    made = await submitted(page, make, preview, desk)
    if isinstance(made, Response):
        return made
    if isinstance(made, CheckIn):
        return sent(kiosk, f"{EXPECTED}?done=checked_in")
    queued = made.emailed or made.messaged
    return sent(kiosk, f"/reception/invitations/{made.id}?done=registered", queued)


@page(Role.RECEPTION)
async def registered_page(page: Page) -> Response:
    """A guest reception registered: when, for whom, and how to send them their page."""
    invitation_id = page.path_id("invitation_id")
    guest = await run_in_threadpool(registered_guest, page.kiosk, page.user, invitation_id)
    return page.render(
        "reception_registered.html",
        guest=guest,
        wa_link=whatsapp_link(guest.sharing),
        done=page.query("done"),
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
