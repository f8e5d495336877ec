"""``/invitations``: a signed-in host's own guests; invite one, see one, move, cancel, resend."""

from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError, NotFound
from kiosk.services.invitations.csv_import import import_invitations, invitation_columns
from kiosk.services.invitations.invite import InvitationMade, check_pending
from kiosk.services.portal.my_guests import (
    SHOWN,
    cancel_my_guest,
    invite_my_guest,
    my_guest,
    my_guests,
    new_link_for_my_guest,
    reschedule_my_guest,
    resend_my_guest,
)
from kiosk.services.portal.preview import preview_for_host
from kiosk.web.invitation_form import (
    empty_form,
    sent,
    site_today,
    submitted,
    whatsapp_link,
    when,
)
from kiosk.web.pages import Page, id_from_text, page
from kiosk.web.uploads import Upload, upload_routes
from kiosk.words import N_


@page(reads=lambda _request: my_guests)
async def list_page(page: Page) -> Response:
    guests = page.found
    imported = page.query("count") if page.query("done") == "imported" else None
    return page.render("invitations.html", guests=guests, shown=SHOWN, imported=imported)


EVENT_GUESTS = Upload(
    kind="guests",
    role=None,
    columns=lambda kiosk: invitation_columns(kiosk, own_host=True),
    run=lambda kiosk, user, file, skip_bad, check_only: import_invitations(
        kiosk, file, user.actor, skip_bad=skip_bad, check_only=check_only, own_host_id=user.host_id
    ),
    back="/invitations",
)


@page()
async def new_page(page: Page) -> Response:
    """The form for a new guest; ``?again=`` a past guest's invitation fills it in for them."""
    again = page.query("again")
    if not again:
        return empty_form(page)
    invitation_id = id_from_text(again)
    detail = await run_in_threadpool(my_guest, page.kiosk, page.user, invitation_id)
    return empty_form(page, again=(detail.guest.visit_type, detail.values))


@page()
async def invite_page(page: Page) -> Response:
    kiosk, user = page.kiosk, page.user
    made = await submitted(
        page,
        lambda wanted, _form: invite_my_guest(kiosk, user, wanted),
        lambda wanted, _form: preview_for_host(kiosk, user.host_id, wanted),
    )
    if not isinstance(made, InvitationMade):
        return made
    return sent(kiosk, f"/invitations/{made.id}", made.emailed)


async def _show_guest(page: Page, invitation_id: int, message: str | None = None) -> Response:
    kiosk = page.kiosk
    registry = kiosk.gateway.registry
    detail = await run_in_threadpool(my_guest, kiosk, page.user, invitation_id)
    labels = {
        key: registry.text(registry.fields[key].label, page.language) for key in detail.values
    }
    zone = ZoneInfo(kiosk.site.timezone)
    return page.render(
        "invitation.html",
        status=400 if message else 200,
        starts=detail.guest.starts_at.astimezone(zone),
        ends=detail.guest.ends_at.astimezone(zone),
        detail=detail,
        labels=labels,
        message=message,
        done=page.query("done"),
        wa_link=whatsapp_link(detail.sharing),
        phone_channel=bool(kiosk.settings.notify_guest_phone),
    )


@page()
async def guest_page(page: Page) -> Response:
    return await _show_guest(page, page.path_id("invitation_id"))


async def _change(
    page: Page, change, done: str, confirm: tuple[str, str] | None = None
) -> Response:
    """Runs ``change`` on the host's invitation; with ``confirm`` (the question and its yes),
    only once the host confirmed it on a page of its own (asked only of a change that can be
    made: another host's invitation is not found, a used one refused, before any question)."""
    form = await page.form()
    kiosk, user = page.kiosk, page.user
    invitation_id = page.path_id("invitation_id")
    try:
        if confirm:
            guest = await run_in_threadpool(check_pending, kiosk, invitation_id, user.host_id)
            back = f"/invitations/{invitation_id}"
            asking = page.confirm_first(form, *confirm, back, guest)
            if asking:
                return asking
        await run_in_threadpool(change, kiosk, user, invitation_id)
    except NotFound:
        raise
    except KioskError as refused:
        return await _show_guest(page, invitation_id, page.said(refused))
    return sent(kiosk, f"/invitations/{invitation_id}?done={done}", mailed=done == "resent")


@page()
async def cancel_page(page: Page) -> Response:
    question = N_("Cancel this invitation? Its QR code and code will stop working.")
    return await _change(page, cancel_my_guest, "cancelled", (question, N_("Yes, cancel it")))


@page()
async def resend_page(page: Page) -> Response:
    return await _change(page, resend_my_guest, "resent")


@page()
async def new_link_page(page: Page) -> Response:
    return await _change(page, new_link_for_my_guest, "new_link")


@page()
async def reschedule_page(page: Page) -> Response:
    form = await page.form()
    invitation_id = page.path_id("invitation_id")
    errors: dict[str, str] = {}
    day, start, end = when(form, errors, page._, site_today(page))
    if errors:
        return await _show_guest(page, invitation_id, next(iter(errors.values())))
    moved = (page.kiosk, page.user, invitation_id, day, start, end)
    try:
        await run_in_threadpool(reschedule_my_guest, *moved)
    except NotFound:
        raise
    except KioskError as refused:
        return await _show_guest(page, invitation_id, page.said(refused))
    return sent(page.kiosk, f"/invitations/{invitation_id}?done=moved")


ROUTES = [
    Route("/invitations", list_page, methods=["GET"]),
    *upload_routes("/invitations/import", EVENT_GUESTS),
    Route("/invitations/new", new_page, methods=["GET"]),
    Route("/invitations/new", invite_page, methods=["POST"]),
    Route("/invitations/{invitation_id}", guest_page, methods=["GET"]),
    Route("/invitations/{invitation_id}/cancel", cancel_page, methods=["POST"]),
    Route("/invitations/{invitation_id}/resend", resend_page, methods=["POST"]),
    Route("/invitations/{invitation_id}/link", new_link_page, methods=["POST"]),
    Route("/invitations/{invitation_id}/time", reschedule_page, methods=["POST"]),
]
