"""``/invitations``: a signed-in host's own guests; invite one, see one, move, cancel, resend."""

from datetime import date, time
from zoneinfo import ZoneInfo

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import InvitationError, KioskError, NotFound, RefusedInput
from kiosk.i18n import translations
from kiosk.privacy.field_kinds import Entry
from kiosk.privacy.registry import Intake
from kiosk.privacy.wording import why_we_ask
from kiosk.services.intake.fields import Prompt, prompts
from kiosk.services.outbox.senders import Channel, send_due
from kiosk.services.portal.my_guests import (
    SHOWN,
    cancel_my_guest,
    invite_my_guest,
    my_guest,
    my_guests,
    reschedule_my_guest,
    resend_my_guest,
)
from kiosk.services.portal.sign_in import PortalUser
from kiosk.web.pages import path_id, reader_language, render, required_user, see_other
from kiosk.web.security import checked_form
from kiosk.words import describe

FIRST_VISIT_TYPE = "meeting"
WHEN_REASONS = ("in_the_past", "end_before_start", "too_far")
"""Refusals about the visit's time, shown beside the date."""


async def list_page(request: Request) -> Response:
    user = await required_user(request)
    guests = await run_in_threadpool(my_guests, request.app.state.kiosk, user)
    return render(request, "invitations.html", user, guests=guests, shown=SHOWN)


def _visit_type(request: Request, chosen: object) -> str:
    kinds = request.app.state.kiosk.gateway.registry.visit_types
    return chosen if isinstance(chosen, str) and chosen in kinds else FIRST_VISIT_TYPE


def _form_page(request, user, visit_type: str, given: dict, errors: dict, status=200) -> Response:
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    asked = prompts(kiosk, Intake.INVITATION, visit_type, language)
    policy = kiosk.gateway.policy
    return render(
        request,
        "invitation_new.html",
        user,
        status=status,
        visit_type=visit_type,
        visit_types=kiosk.gateway.registry.visit_type_names(language),
        prompts=asked,
        why={p.name: why_we_ask(policy, p.key, p.purpose, language) for p in asked},
        Entry=Entry,
        given=given,
        errors=errors,
    )


async def new_page(request: Request) -> Response:
    user = await required_user(request)
    visit_type = _visit_type(request, request.query_params.get("type"))
    return _form_page(request, user, visit_type, {}, {})


def _when(
    form: FormData, errors: dict[str, str], _
) -> tuple[date | None, time | None, time | None]:
    """The day and the times as the browser's pickers send them (ISO text); what cannot be
    read is named in ``errors``."""
    wrong = {"day": _("Choose the day of the visit."), "start": _("Give the time as HH:MM.")}
    wrong["end"] = wrong["start"]
    parsed: dict[str, date | time | None] = {}
    for name, parse in (
        ("day", date.fromisoformat),
        ("start", time.fromisoformat),
        ("end", time.fromisoformat),
    ):
        text = str(form.get(name, "")).strip()
        try:
            parsed[name] = parse(text) if text else None
        except ValueError:
            parsed[name] = None
        if (text or name == "day") and parsed[name] is None:
            errors[name] = wrong[name]
    return parsed["day"], parsed["start"], parsed["end"]


def _values(form: FormData, asked: list[Prompt]) -> dict[str, object]:
    values: dict[str, object] = {}
    for prompt in asked:
        if prompt.entry is Entry.FLAG:
            values[prompt.key] = form.get(prompt.name) == "on"
        else:
            values[prompt.key] = str(form.get(prompt.name, ""))
    return values


async def invite_page(request: Request) -> Response:
    user = await required_user(request)
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    _ = translations(language).gettext
    visit_type = _visit_type(request, form.get("type"))
    asked = prompts(kiosk, Intake.INVITATION, visit_type, language)
    given = {name: str(value) for name, value in form.items()}
    errors: dict[str, str] = {}
    day, start, end = _when(form, errors, _)
    if errors:
        return _form_page(request, user, visit_type, given, errors, status=400)
    labels = {p.key: p.label for p in asked}
    try:
        made = await run_in_threadpool(
            invite_my_guest, kiosk, user, day, _values(form, asked), start, end, visit_type
        )
    except RefusedInput as refused:
        message = describe(refused, _, labels.get)
        field = refused.field.partition(".")[2] if refused.field in labels else None
        where = "day" if refused.reason in WHEN_REASONS else field or "form"
        return _form_page(request, user, visit_type, given, {where: message}, status=400)
    response = see_other(f"/invitations/{made.id}")
    if made.emailed:
        response.background = BackgroundTask(send_due, kiosk, Channel.EMAIL)
    return response


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
    )


async def guest_page(request: Request) -> Response:
    user = await required_user(request)
    return await _show_guest(request, user, path_id(request, "invitation_id"))


async def _change(request: Request, change, done: str) -> Response:
    user = await required_user(request)
    await checked_form(request)
    kiosk = request.app.state.kiosk
    invitation_id = path_id(request, "invitation_id")
    try:
        await run_in_threadpool(change, kiosk, user, invitation_id)
    except NotFound:
        raise
    except KioskError as refused:
        _ = translations(reader_language(request, user)).gettext
        return await _show_guest(
            request, user, invitation_id, describe(refused, _, lambda _field: None)
        )
    response = see_other(f"/invitations/{invitation_id}?done={done}")
    if done == "resent":
        response.background = BackgroundTask(send_due, kiosk, Channel.EMAIL)
    return response


async def cancel_page(request: Request) -> Response:
    return await _change(request, cancel_my_guest, "cancelled")


async def resend_page(request: Request) -> Response:
    return await _change(request, resend_my_guest, "resent")


async def reschedule_page(request: Request) -> Response:
    user = await required_user(request)
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    invitation_id = path_id(request, "invitation_id")
    _ = translations(reader_language(request, user)).gettext
    errors: dict[str, str] = {}
    day, start, end = _when(form, errors, _)
    try:
        if errors:
            raise InvitationError("when", next(iter(errors.values())))
        await run_in_threadpool(reschedule_my_guest, kiosk, user, invitation_id, day, start, end)
    except NotFound:
        raise
    except KioskError as refused:
        message = describe(refused, _, lambda _field: None)
        return await _show_guest(request, user, invitation_id, message)
    response = see_other(f"/invitations/{invitation_id}?done=moved")
    response.background = BackgroundTask(send_due, kiosk, Channel.EMAIL)
    return response


ROUTES = [
    Route("/invitations", list_page, methods=["GET"]),
    Route("/invitations/new", new_page, methods=["GET"]),
    Route("/invitations/new", invite_page, methods=["POST"]),
    Route("/invitations/{invitation_id}", guest_page, methods=["GET"]),
    Route("/invitations/{invitation_id}/cancel", cancel_page, methods=["POST"]),
    Route("/invitations/{invitation_id}/resend", resend_page, methods=["POST"]),
    Route("/invitations/{invitation_id}/time", reschedule_page, methods=["POST"]),
]
