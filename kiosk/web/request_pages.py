"""``/admin/requests``: a data-subject request worked from the portal (see
:mod:`kiosk.services.portal.requests_admin`). The person is named by email, phone or visit
number, posted (never in an address a log keeps) and carried from one step to the next; an
erasure and a release are confirmed on a page of their own first."""

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError
from kiosk.i18n import translations
from kiosk.services.directory.hosts import ADMIN
from kiosk.services.portal.requests_admin import (
    erase_for,
    export_for,
    hold_for,
    look_up,
    release_for,
)
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.rights.export_page import render_export
from kiosk.services.rights.requests import LONGEST_HOLD_REASON, PersonQuery
from kiosk.web.pages import LARGEST_ID, confirm_first, reader_language, render, required_user
from kiosk.web.security import checked_form
from kiosk.words import N_, describe

PERSON_FIELDS = ("email", "phone", "visit")
"""How a request names its person (the command line's --email, --phone and --visit)."""
HERE = "/admin/requests"
EXPORTS = {"json": ("application/json", "json"), "page": ("text/html", "html")}


class NoPersonNamed(Exception):
    """The form names nobody, or gives a visit number that is not one."""


def _person(form: FormData) -> tuple[dict[str, str], PersonQuery]:
    given = {name: str(form.get(name, "")).strip()[:254] for name in PERSON_FIELDS}
    visit = given["visit"]
    number = int(visit) if visit.isascii() and visit.isdigit() else 0
    if (visit and not 0 < number <= LARGEST_ID) or not any(given.values()):
        raise NoPersonNamed
    return given, PersonQuery(given["email"] or None, given["phone"] or None, number or None)


def _page(request: Request, user: PortalUser, given: dict[str, str], **shown) -> Response:
    context = {"matches": None, "error": None, "done": None, "kept": ()} | shown
    status = 400 if context["error"] else 200
    return render(
        request,
        "admin_requests.html",
        user,
        status=status,
        given=given,
        longest_reason=LONGEST_HOLD_REASON,
        **context,
    )


@dataclass(frozen=True)
class Asked:
    """A request as posted: by whom, the form, and the person it names."""

    user: PortalUser
    form: FormData
    given: dict[str, str]
    query: PersonQuery


Step = Callable[[Request, Asked], Awaitable[Response]]


def about_a_person(step: Step) -> Callable[[Request], Awaitable[Response]]:
    """The page for ``step``, which acts on the person the posted form names: a form that
    names nobody is asked again, and a refusal is said on the page."""

    async def page(request: Request) -> Response:
        user = await required_user(request, ADMIN)
        form = await checked_form(request)
        _ = translations(reader_language(request, user)).gettext
        try:
            given, query = _person(form)
        except NoPersonNamed:
            error = _("Give the person's email, phone number or visit number.")
            return _page(request, user, {}, error=error)
        try:
            return await step(request, Asked(user, form, given, query))
        except KioskError as refused:
            error = describe(refused, _, lambda _field: None)
            return _page(request, user, given, error=error)

    return page


async def _found(request: Request, asked: Asked, **shown) -> Response:
    """The page with the people the request names as they are now, and ``shown``."""
    kiosk = request.app.state.kiosk
    matches = await run_in_threadpool(look_up, kiosk, asked.user, asked.query)
    return _page(request, asked.user, asked.given, matches=matches, **shown)


def _said(request: Request, asked: Asked) -> Callable[[str], str]:
    return translations(reader_language(request, asked.user)).gettext


async def requests_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    return _page(request, user, {})


@about_a_person
async def find_page(request: Request, asked: Asked) -> Response:
    return await _found(request, asked)


@about_a_person
async def export_page(request: Request, asked: Asked) -> Response:
    kind = str(asked.form.get("kind", "page"))
    media, ending = EXPORTS.get(kind, EXPORTS["page"])
    kiosk = request.app.state.kiosk
    document = await run_in_threadpool(export_for, kiosk, asked.user, asked.query)
    body = json.dumps(document, indent=2, ensure_ascii=False) if kind == "json" else None
    return Response(
        body or render_export(document),
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="subject-export.{ending}"'},
    )


@about_a_person
async def erase_page(request: Request, asked: Asked) -> Response:
    kiosk = request.app.state.kiosk
    matches = await run_in_threadpool(look_up, kiosk, asked.user, asked.query)
    names = ", ".join(match.name or "—" for match in matches)
    question = N_("Erase everything held about them? This cannot be undone.")
    yes = N_("Yes, erase")
    asking = confirm_first(request, asked.user, asked.form, question, yes, HERE, names)
    if asking:
        return asking
    force = asked.form.get("force") == "on"
    report = await run_in_threadpool(erase_for, kiosk, asked.user, asked.query, force)
    _ = _said(request, asked)
    done = _("{values} values of {people} people erased.").format(
        values=report.values_erased, people=report.people
    )
    return _page(request, asked.user, {}, done=done, kept=report.kept)


@about_a_person
async def hold_page(request: Request, asked: Asked) -> Response:
    kiosk = request.app.state.kiosk
    _ = _said(request, asked)
    try:
        day = date.fromisoformat(str(asked.form.get("until", "")))
    except ValueError:
        return _page(request, asked.user, asked.given, error=_("Choose the day the hold ends."))
    until = datetime.combine(day, time.min, ZoneInfo(kiosk.site.timezone))
    reason = str(asked.form.get("reason", "")).strip()
    count = await run_in_threadpool(hold_for, kiosk, asked.user, asked.query, reason, until)
    done = _("{people} people held until {day}.").format(people=count, day=day.isoformat())
    return await _found(request, asked, done=done)


@about_a_person
async def release_page(request: Request, asked: Asked) -> Response:
    question = N_("End the legal hold? Their data is purged and erased as usual again.")
    asking = confirm_first(request, asked.user, asked.form, question, N_("Yes, end it"), HERE)
    if asking:
        return asking
    count = await run_in_threadpool(release_for, request.app.state.kiosk, asked.user, asked.query)
    _ = _said(request, asked)
    done = _("{count} holds ended.").format(count=count)
    return await _found(request, asked, done=done)


ROUTES = [
    Route(HERE, requests_page, methods=["GET"]),
    Route(HERE, find_page, methods=["POST"]),
    Route(f"{HERE}/export", export_page, methods=["POST"]),
    Route(f"{HERE}/erase", erase_page, methods=["POST"]),
    Route(f"{HERE}/hold", hold_page, methods=["POST"]),
    Route(f"{HERE}/release", release_page, methods=["POST"]),
]
