"""The form that invites a guest, for a host (their own guest) and for reception (any host's):
the registry's visitor fields for the kind of visit, each with its "why do we ask?", the day
and the times; a refusal is named beside its field and nothing is stored."""

from collections.abc import Callable
from datetime import date, time

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from kiosk.errors import RefusedInput
from kiosk.i18n import translations
from kiosk.privacy.field_kinds import Entry
from kiosk.privacy.registry import Intake
from kiosk.privacy.wording import why_we_ask
from kiosk.services.directory.hosts import HostView
from kiosk.services.intake.fields import Prompt, prompts
from kiosk.services.invitations.invite import InvitationMade
from kiosk.services.outbox.senders import Channel, send_due
from kiosk.services.portal.sign_in import PortalUser
from kiosk.web.pages import reader_language, render, see_other
from kiosk.web.security import checked_form
from kiosk.words import describe

FIRST_VISIT_TYPE = "meeting"
WHEN_REASONS = ("in_the_past", "end_before_start", "too_far")
"""Refusals about the visit's time, shown beside the date."""

Make = Callable[[date, dict, time | None, time | None, str, FormData], InvitationMade]
"""Makes the invitation from what the form gave (the day, the values by registry field, the
times, the kind of visit, and the whole form for anything else, such as the host)."""


def visit_type_of(request: Request, chosen: object) -> str:
    kinds = request.app.state.kiosk.gateway.registry.visit_types
    return chosen if isinstance(chosen, str) and chosen in kinds else FIRST_VISIT_TYPE


def form_page(
    request: Request,
    user: PortalUser,
    visit_type: str,
    given: dict,
    errors: dict,
    status: int = 200,
    hosts: list[HostView] | None = None,
) -> Response:
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    asked = prompts(kiosk, Intake.INVITATION, visit_type, language)
    policy = kiosk.gateway.policy
    return render(
        request,
        "invitation_new.html",
        user,
        status=status,
        hosts=hosts,
        visit_type=visit_type,
        visit_types=kiosk.gateway.registry.visit_type_names(language),
        prompts=asked,
        why={p.name: why_we_ask(policy, p.key, p.purpose, language) for p in asked},
        Entry=Entry,
        given=given,
        errors=errors,
    )


def empty_form(request: Request, user: PortalUser, hosts: list[HostView] | None = None):
    visit_type = visit_type_of(request, request.query_params.get("type"))
    return form_page(request, user, visit_type, {}, {}, hosts=hosts)


def when(form: FormData, errors: dict[str, str], _) -> tuple[date | None, time | None, time | None]:
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


def values_of(form: FormData, asked: list[Prompt]) -> dict[str, object]:
    values: dict[str, object] = {}
    for prompt in asked:
        if prompt.entry is Entry.FLAG:
            values[prompt.key] = form.get(prompt.name) == "on"
        else:
            values[prompt.key] = str(form.get(prompt.name, ""))
    return values


async def submitted(
    request: Request, user: PortalUser, make: Make, hosts: list[HostView] | None = None
) -> Response | InvitationMade:
    """The invitation the posted form makes, or the form again naming what to correct."""
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    _ = translations(language).gettext
    visit_type = visit_type_of(request, form.get("type"))
    asked = prompts(kiosk, Intake.INVITATION, visit_type, language)
    given = {name: str(value) for name, value in form.items()}
    errors: dict[str, str] = {}
    day, start, end = when(form, errors, _)
    if errors:
        return form_page(request, user, visit_type, given, errors, 400, hosts)
    labels = {p.key: p.label for p in asked}
    try:
        return await run_in_threadpool(
            make, day, values_of(form, asked), start, end, visit_type, form
        )
    except RefusedInput as refused:
        message = describe(refused, _, labels.get)
        field = refused.field.partition(".")[2] if refused.field in labels else None
        where = "day" if refused.reason in WHEN_REASONS else field or "form"
        return form_page(request, user, visit_type, given, {where: message}, 400, hosts)


def sent(kiosk, made: InvitationMade, then: str) -> Response:
    """Shows ``then``; the invitation's email goes out after the answer."""
    response = see_other(then)
    if made.emailed:
        response.background = BackgroundTask(send_due, kiosk, Channel.EMAIL)
    return response
