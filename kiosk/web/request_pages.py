"""``/admin/requests``: a data-subject request worked from the portal (see
:mod:`kiosk.services.portal.requests_admin`). The person is named by email, phone or visit
number, posted (never in an address a log keeps) and carried from one step to the next; an
erasure and a release are confirmed on a page of their own first."""

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import partial
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.services.portal.requests_admin import (
    DONE,
    REFUSED,
    answer_request,
    erase_for,
    export_for,
    guest_request,
    guest_requests,
    hold_for,
    look_up,
    release_for,
)
from kiosk.services.rights.export_page import render_export
from kiosk.services.rights.requests import LONGEST_HOLD_REASON, PersonQuery
from kiosk.services.rights.self_service import KIND_WORDS, LONGEST_VALUE
from kiosk.services.roles import Role
from kiosk.web.pages import LARGEST_ID, Page, page
from kiosk.words import N_

PERSON_FIELDS = ("email", "phone", "visit", "request")
"""How a request names its person (the command line's --email, --phone and --visit; or the
request a guest made themselves)."""
HERE = "/admin/requests"
EXPORTS = {"json": ("application/json", "json"), "page": ("text/html", "html")}


class NoPersonNamed(Exception):
    """The form names nobody, or gives a visit number that is not one."""


def _number(text: str) -> int | None:
    """A row's number as given; NoPersonNamed for text that is none."""
    number = int(text) if text.isascii() and text.isdigit() else 0
    if text and not 0 < number <= LARGEST_ID:
        raise NoPersonNamed
    return number or None


def _person(form: FormData) -> tuple[dict[str, str], PersonQuery]:
    given = {name: str(form.get(name, "")).strip()[:254] for name in PERSON_FIELDS}
    visit, request = _number(given["visit"]), _number(given["request"])
    if not any(given.values()):
        raise NoPersonNamed
    query = PersonQuery(given["email"] or None, given["phone"] or None, visit, request=request)
    return {name: value for name, value in given.items() if value}, query


def _page(page: Page, given: dict[str, str], **shown) -> Response:
    context = {
        "matches": None,
        "error": None,
        "done": None,
        "kept": (),
        "asked": None,
        "opened": None,
    } | shown
    status = 400 if context["error"] else 200
    return page.render(
        "admin_requests.html",
        status=status,
        given=given,
        longest_reason=LONGEST_HOLD_REASON,
        longest_value=LONGEST_VALUE,
        kinds=KIND_WORDS,
        **context,
    )


@dataclass(frozen=True)
class Asked:
    """A request as posted: the form, and the person it names."""

    form: FormData
    given: dict[str, str]
    query: PersonQuery


Step = Callable[[Page, Asked], Awaitable[Response]]


def about_a_person(step: Step) -> Callable[[Request], Awaitable[Response]]:
    """The admin's page for ``step``, which acts on the person the posted form names: a form
    that names nobody is asked again, and a refusal is said on the page."""

    @page(Role.ADMIN)
    async def endpoint(page: Page) -> Response:
        form = await page.form()
        try:
            given, query = _person(form)
        except NoPersonNamed:
            error = page._("Give the person's email, phone number or visit number.")
            return _page(page, {}, error=error)
        try:
            return await step(page, Asked(form, given, query))
        except KioskError as refused:
            return _page(page, given, error=page.said(refused))

    return endpoint


async def _found(page: Page, asked: Asked, **shown) -> Response:
    """The page with the people the request names as they are now, and ``shown`` (and the
    guest's own request it answers, if one)."""
    matches = await run_in_threadpool(look_up, page.kiosk, page.user, asked.query)
    opened = (
        await run_in_threadpool(
            guest_request, page.kiosk, page.user, asked.query.request, page.language
        )
        if asked.query.request is not None
        else None
    )
    return _page(page, asked.given, matches=matches, opened=opened, **shown)


async def _with_guest_requests(page: Page, **shown) -> Response:
    """The page with the requests guests made themselves, each with its clock."""
    asked = await run_in_threadpool(guest_requests, page.kiosk, page.user, page.language)
    return _page(page, {}, asked=asked, now=utc_now(), **shown)


@page(Role.ADMIN)
async def requests_page(page: Page) -> Response:
    return await _with_guest_requests(page)


@about_a_person
async def answer_page(page: Page, asked: Asked) -> Response:
    """A guest's request answered: done (what was done, in the reason) or refused (why)."""
    if asked.query.request is None:
        return await _found(page, asked)
    outcome = DONE if asked.form.get("outcome") == DONE else REFUSED
    reason = str(asked.form.get("reason", ""))
    value = str(asked.form.get("value", ""))[:LONGEST_VALUE]
    await run_in_threadpool(
        partial(answer_request, value=value),
        page.kiosk,
        page.user,
        asked.query.request,
        outcome,
        reason,
    )
    return await _with_guest_requests(page, done=page._("The request is answered."))


@about_a_person
async def find_page(page: Page, asked: Asked) -> Response:
    return await _found(page, asked)


@about_a_person
async def export_page(page: Page, asked: Asked) -> Response:
    kind = str(asked.form.get("kind", "page"))
    media, ending = EXPORTS.get(kind, EXPORTS["page"])
    document = await run_in_threadpool(export_for, page.kiosk, page.user, asked.query)
    body = json.dumps(document, indent=2, ensure_ascii=False) if kind == "json" else None
    return Response(
        body or render_export(document),
        media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="subject-export.{ending}"'},
    )


@about_a_person
async def erase_page(page: Page, asked: Asked) -> Response:
    matches = await run_in_threadpool(look_up, page.kiosk, page.user, asked.query)
    names = ", ".join(match.name or "—" for match in matches)
    question = N_("Erase everything held about them? This cannot be undone.")
    asking = page.confirm_first(asked.form, question, N_("Yes, erase"), HERE, names)
    if asking:
        return asking
    force = asked.form.get("force") == "on"
    report = await run_in_threadpool(erase_for, page.kiosk, page.user, asked.query, force)
    done = page._("{values} values of {people} people erased.").format(
        values=report.values_erased, people=report.people
    )
    return await _with_guest_requests(page, done=done, kept=report.kept)


@about_a_person
async def hold_page(page: Page, asked: Asked) -> Response:
    try:
        day = date.fromisoformat(str(asked.form.get("until", "")))
    except ValueError:
        return _page(page, asked.given, error=page._("Choose the day the hold ends."))
    until = datetime.combine(day, time.min, ZoneInfo(page.kiosk.site.timezone))
    reason = str(asked.form.get("reason", "")).strip()
    count = await run_in_threadpool(hold_for, page.kiosk, page.user, asked.query, reason, until)
    done = page._("{people} people held until {day}.").format(people=count, day=day.isoformat())
    return await _found(page, asked, done=done)


@about_a_person
async def release_page(page: Page, asked: Asked) -> Response:
    question = N_("End the legal hold? Their data is purged and erased as usual again.")
    asking = page.confirm_first(asked.form, question, N_("Yes, end it"), HERE)
    if asking:
        return asking
    count = await run_in_threadpool(release_for, page.kiosk, page.user, asked.query)
    done = page._("{count} holds ended.").format(count=count)
    return await _found(page, asked, done=done)


ROUTES = [
    Route(HERE, requests_page, methods=["GET"]),
    Route(HERE, find_page, methods=["POST"]),
    Route(f"{HERE}/export", export_page, methods=["POST"]),
    Route(f"{HERE}/erase", erase_page, methods=["POST"]),
    Route(f"{HERE}/hold", hold_page, methods=["POST"]),
    Route(f"{HERE}/release", release_page, methods=["POST"]),
    Route(f"{HERE}/answer", answer_page, methods=["POST"]),
]
