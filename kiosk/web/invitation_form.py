"""The form that invites a guest, for a host (their own guest) and for reception (any host's):
the registry's visitor fields for the kind of visit, each with its "why do we ask?", the day
and the times; a refusal is named beside its field and nothing is stored."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from urllib.parse import quote

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from kiosk.clock import local_today
from kiosk.errors import RefusedInput
from kiosk.privacy.field_kinds import Entry
from kiosk.privacy.registry import Intake
from kiosk.services.directory.hosts import HostView
from kiosk.services.intake.fields import prompts
from kiosk.services.invitations.guest_page import Sharing
from kiosk.services.invitations.invite import InvitationMade, InvitationRequest
from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.senders import Channel, send_due
from kiosk.services.portal.preview import InvitationPreview
from kiosk.services.reception.search import folded
from kiosk.services.visits.admission import CheckIn
from kiosk.web.fields import field_context, refusal_beside, values_of
from kiosk.web.pages import Page, see_other

QUICK_ENTRIES = (Entry.EMAIL, Entry.PHONE)
"""Asked at once with what is required (the way to reach the guest); the rest is under
*More details*."""
WHEN_REASONS = ("in_the_past", "end_before_start", "too_far")
"""Refusals about the visit's time, shown beside the date."""


@dataclass(frozen=True)
class Desk:
    """What reception's form adds to a host's: the host to choose, and the printers a guest
    registered and checked in at once may get their badge from."""

    hosts: list[HostView]
    printers: list[str]


def host_choice(host: HostView) -> str:
    """How a host reads in the desk's picker, and what choosing them posts: one per host."""
    unit = f" ({host.unit})" if host.unit else ""
    return f"{host.name}{unit} · {host.email}"


def chosen_host(desk: Desk, text: str) -> int:
    """The host the picker's text names (as the list offers them, or by a name or email
    that only one host has); 0 for none, which is refused as not in the directory."""
    wanted = text.strip()
    for host in desk.hosts:
        if host_choice(host) == wanted:
            return host.id
    key = folded(wanted)
    named = [host.id for host in desk.hosts if key in (folded(host.name), folded(host.email))]
    return named[0] if len(named) == 1 else 0


Make = Callable[[InvitationRequest, FormData], InvitationMade | CheckIn]
"""Makes the invitation the form asks for (its host left to ``Make``), with the whole form
for anything else it needs (the host reception chose; whether the guest is checked in now)."""
Preview = Callable[[InvitationRequest, FormData], InvitationPreview]
"""What the guest would get from that invitation, made of nothing stored."""


def visit_type_of(page: Page, chosen: object) -> str:
    registry = page.kiosk.gateway.registry
    kinds = registry.visit_types
    return chosen if isinstance(chosen, str) and chosen in kinds else registry.usual_visit_type


def form_page(
    page: Page,
    visit_type: str,
    given: dict,
    errors: dict,
    status: int = 200,
    desk: Desk | None = None,
    preview: InvitationPreview | None = None,
) -> Response:
    kiosk, language = page.kiosk, page.language
    asked = prompts(kiosk, Intake.INVITATION, visit_type, language)
    quick = [prompt for prompt in asked if prompt.required or prompt.entry in QUICK_ENTRIES]
    more = [prompt for prompt in asked if prompt not in quick]
    more_inputs = [prompt.name for prompt in more] + ["start", "end"]
    return page.render(
        "invitation_new.html",
        status=status,
        desk=desk,
        host_choice=host_choice,
        visit_type=visit_type,
        visit_types=kiosk.gateway.registry.visit_type_names(language),
        **field_context(kiosk, asked, language),
        quick=quick,
        more=more,
        more_open=any(errors.get(name) or given.get(name) for name in more_inputs),
        given=given,
        errors=errors,
        preview=preview,
    )


def empty_form(
    page: Page,
    desk: Desk | None = None,
    again: tuple[str, Mapping[str, object]] | None = None,
):
    """The form for a new guest; ``again``, a past guest's kind of visit and values (by
    registry field), fills it in for the same guest again, today."""
    if again is None:
        visit_type = visit_type_of(page, page.query("type"))
        return form_page(page, visit_type, {}, {}, desk=desk)
    visit_type = visit_type_of(page, again[0])
    asked = prompts(page.kiosk, Intake.INVITATION, visit_type, page.language)
    given = {
        prompt.name: ("on" if value is True else str(value))
        for prompt in asked
        if (value := again[1].get(prompt.key)) not in (None, False, "")
    }
    return form_page(page, visit_type, given, {}, desk=desk)


def when(
    form: FormData, errors: dict[str, str], _, today: date
) -> tuple[date | None, time | None, time | None]:
    """The day (``today`` or ``tomorrow`` at the site, ``other`` with the date in
    ``other_day``, or a date as the browser's picker sends it) and the times (ISO text); what
    cannot be read is named in ``errors``."""
    wrong = {"day": _("Choose the day of the visit."), "start": _("Give the time as HH:MM.")}
    wrong["end"] = wrong["start"]
    choice = str(form.get("day", "")).strip()
    relative = {"today": today, "tomorrow": today + timedelta(days=1)}
    texts = {
        "day": relative[choice].isoformat()
        if choice in relative
        else str(form.get("other_day" if choice == "other" else "day", "")).strip(),
        "start": str(form.get("start", "")).strip(),
        "end": str(form.get("end", "")).strip(),
    }
    parsed: dict[str, date | time | None] = {}
    for name, parse in (
        ("day", date.fromisoformat),
        ("start", time.fromisoformat),
        ("end", time.fromisoformat),
    ):
        text = texts[name]
        try:
            parsed[name] = parse(text) if text else None
        except ValueError:
            parsed[name] = None
        if (text or name == "day") and parsed[name] is None:
            errors[name] = wrong[name]
    return parsed["day"], parsed["start"], parsed["end"]


def site_today(page: Page) -> date:
    return local_today(page.kiosk.site.timezone)


async def submitted(
    page: Page,
    make: Make,
    preview: Preview,
    desk: Desk | None = None,
) -> Response | InvitationMade | CheckIn:
    """The invitation the posted form makes, or the form again naming what to correct; asked
    for a preview, the form again with what the guest will get, nothing sent."""
    form = await page.form()
    visit_type = visit_type_of(page, form.get("type"))
    asked = prompts(page.kiosk, Intake.INVITATION, visit_type, page.language)
    given = {name: str(value) for name, value in form.items()}
    errors: dict[str, str] = {}
    day, start, end = when(form, errors, page._, site_today(page))
    if errors:
        return form_page(page, visit_type, given, errors, 400, desk)
    try:
        asked_for = InvitationRequest(
            host_email="",
            day=day,
            values=values_of(form, asked),
            start_time=start,
            end_time=end,
            visit_type=visit_type,
        )
        if form.get("action") == "preview":
            shown = await run_in_threadpool(preview, asked_for, form)
            return form_page(page, visit_type, given, {}, desk=desk, preview=shown)
        return await run_in_threadpool(make, asked_for, form)
    except RefusedInput as refused:
        errors = refusal_beside(refused, asked, page._)
        if refused.reason in WHEN_REASONS:
            errors = {"day": errors.popitem()[1]}
        return form_page(page, visit_type, given, errors, 400, desk)


def sent(kiosk: Kiosk, then: str, mailed: bool = True) -> Response:
    """Shows ``then``; where an email or a message was queued, it goes out after the answer."""
    response = see_other(then)
    if mailed:
        response.background = BackgroundTask(_send_queued, kiosk)
    return response


def _send_queued(kiosk: Kiosk) -> None:
    for channel in (Channel.EMAIL, Channel.MESSAGE):
        send_due(kiosk, channel)


def whatsapp_link(sharing: Sharing) -> str:
    """A link that opens WhatsApp with the invitation's message, to the guest's number where
    the host gave one (else the host picks the chat)."""
    return f"https://wa.me/{sharing.phone_digits or ''}?text={quote(sharing.text)}"
