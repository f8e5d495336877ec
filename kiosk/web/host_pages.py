"""``/invitations``: a signed-in host's own guests; invite one, see one, move, cancel, resend."""

from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError, NotFound
from kiosk.i18n import translations
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
from kiosk.services.portal.sign_in import PortalUser
from kiosk.web.invitation_form import (
    empty_form,
    sent,
    site_today,
    submitted,
    whatsapp_link,
    when,
)
from kiosk.web.pages import (
    confirm_first,
    id_from_text,
    path_id,
    reader_language,
    render,
    required_user,
)
from kiosk.web.security import checked_form
from kiosk.web.uploads import Upload, upload_routes
from kiosk.words import N_, describe


async def list_page(request: Request) -> Response:
    user = await required_user(request)
    guests = await run_in_threadpool(my_guests, request.app.state.kiosk, user)
    return render(
        request,
        "invitations.html",
        user,
        guests=guests,
        shown=SHOWN,
        imported=request.query_params.get("count")
        if request.query_params.get("done") == "imported"
        else None,
    )


EVENT_GUESTS = Upload(
    kind="guests",
    role=None,
    columns=lambda kiosk: invitation_columns(kiosk, own_host=True),
    run=lambda kiosk, user, file, skip_bad, check_only: import_invitations(
        kiosk, file, user.actor, skip_bad=skip_bad, check_only=check_only, own_host_id=user.host_id
    ),
    back="/invitations",
)


async def new_page(request: Request) -> Response:
    """The form for a new guest; ``?again=`` a past guest's invitation fills it in for them."""
    user = await required_user(request)
    again = request.query_params.get("again")
    if not again:
        return empty_form(request, user)
    invitation_id = id_from_text(again)
    detail = await run_in_threadpool(my_guest, request.app.state.kiosk, user, invitation_id)
    return empty_form(request, user, again=(detail.guest.visit_type, detail.values))


async def invite_page(request: Request) -> Response:
    user = await required_user(request)
    kiosk = request.app.state.kiosk

    made = await submitted(
        request,
        user,
        lambda wanted, _form: invite_my_guest(kiosk, user, wanted),
        lambda wanted, _form: preview_for_host(kiosk, user.host_id, wanted),
    )
    if not isinstance(made, InvitationMade):
        return made
    return sent(kiosk, f"/invitations/{made.id}", made.emailed)


async def _show_guest(
    request: Request, user: PortalUser, invitation_id: int, message: str | None = None
) -> Response:
    kiosk = request.app.state.kiosk
    registry = kiosk.gateway.registry
    detail = await run_in_threadpool(my_guest, kiosk, user, invitation_id)
    language = reader_language(request, user)
    labels = {key: registry.text(registry.fields[key].label, language) for key in detail.values}
    status = 400 if message else 200
    zone = ZoneInfo(kiosk.site.timezone)
    return render(
        request,
        "invitation.html",
        user,
        starts=detail.guest.starts_at.astimezone(zone),
        ends=detail.guest.ends_at.astimezone(zone),
        status=status,
        detail=detail,
        labels=labels,
        message=message,
        done=request.query_params.get("done"),
        wa_link=whatsapp_link(detail.sharing),
        phone_channel=bool(kiosk.settings.notify_guest_phone),
    )


async def guest_page(request: Request) -> Response:
    user = await required_user(request)
    return await _show_guest(request, user, path_id(request, "invitation_id"))


async def _change(
    request: Request, change, done: str, confirm: tuple[str, str] | None = None
) -> Response:
    """Runs ``change`` on the host's invitation; with ``confirm`` (the question and its yes),
    only once the host confirmed it on a page of its own (asked only of a change that can be
    made: another host's invitation is not found, a used one refused, before any question)."""
    user = await required_user(request)
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    invitation_id = path_id(request, "invitation_id")
    try:
        if confirm:
            guest = await run_in_threadpool(check_pending, kiosk, invitation_id, user.host_id)
            back = f"/invitations/{invitation_id}"
            asking = confirm_first(request, user, form, *confirm, back, guest)
            if asking:
                return asking
        await run_in_threadpool(change, kiosk, user, invitation_id)
    except NotFound:
        raise
    except KioskError as refused:
        _ = translations(reader_language(request, user)).gettext
        return await _show_guest(
            request, user, invitation_id, describe(refused, _, lambda _field: None)
        )
    return sent(kiosk, f"/invitations/{invitation_id}?done={done}", mailed=done == "resent")


async def cancel_page(request: Request) -> Response:
    question = N_("Cancel this invitation? Its QR code and code will stop working.")
    return await _change(request, cancel_my_guest, "cancelled", (question, N_("Yes, cancel it")))


async def resend_page(request: Request) -> Response:
    return await _change(request, resend_my_guest, "resent")


async def new_link_page(request: Request) -> Response:
    return await _change(request, new_link_for_my_guest, "new_link")


async def reschedule_page(request: Request) -> Response:
    user = await required_user(request)
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    invitation_id = path_id(request, "invitation_id")
    _ = translations(reader_language(request, user)).gettext
    errors: dict[str, str] = {}
    day, start, end = when(form, errors, _, site_today(request))
    if errors:
        return await _show_guest(request, user, invitation_id, next(iter(errors.values())))
    try:
        await run_in_threadpool(reschedule_my_guest, kiosk, user, invitation_id, day, start, end)
    except NotFound:
        raise
    except KioskError as refused:
        message = describe(refused, _, lambda _field: None)
        return await _show_guest(request, user, invitation_id, message)
    return sent(kiosk, f"/invitations/{invitation_id}?done=moved")


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
