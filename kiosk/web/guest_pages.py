"""``/i/<link>``: a guest's own invitation page, public and reached only through its link; its
calendar file; the site's logo it shows. Nothing here needs a sign-in, and nothing is kept by
a browser or a search engine (no-store, noindex, no referrer)."""

import functools
import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from kiosk.errors import NotFound
from kiosk.languages import LANGUAGES
from kiosk.services.invitations.guest_page import guest_calendar, guest_page
from kiosk.web.pages import render
from kiosk.web.security import LANGUAGE_COOKIE

UNINDEXED = {"X-Robots-Tag": "noindex, nofollow"}
LINK_PREVIEWERS = re.compile(
    r"whatsapp|facebookexternalhit|telegrambot|slackbot|twitterbot|discordbot|linkedinbot|"
    r"skypeuripreview|microsoftpreview|googlebot|bingbot",
    re.IGNORECASE,
)
"""Chat apps and crawlers that fetch a link to show its preview: not the guest opening it."""


def _language(request: Request, guest_language: str) -> str:
    """The language chosen on the page, else the guest's own."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in LANGUAGES else guest_language


async def invitation_page(request: Request) -> Response:
    kiosk = request.app.state.kiosk
    by_guest = not LINK_PREVIEWERS.search(request.headers.get("user-agent", ""))
    page = await run_in_threadpool(
        functools.partial(guest_page, kiosk, request.path_params["link"], by_guest=by_guest)
    )
    registry = kiosk.gateway.registry
    language = _language(request, page.language)
    response = render(
        request,
        "guest_invitation.html",
        language=language,
        page=page,
        controller=registry.text(registry.controller.name, language),
        has_logo=kiosk.settings.logo is not None,
    )
    response.headers.update(UNINDEXED)
    return response


async def calendar_file(request: Request) -> Response:
    kiosk = request.app.state.kiosk
    language = _language(request, kiosk.settings.language)
    ics = await run_in_threadpool(guest_calendar, kiosk, request.path_params["link"], language)
    headers = {"Content-Disposition": 'attachment; filename="invitation.ics"', **UNINDEXED}
    return Response(ics, media_type="text/calendar; charset=utf-8", headers=headers)


async def logo(request: Request) -> Response:
    path = request.app.state.kiosk.settings.logo
    if path is None or not path.is_file():
        raise NotFound("no logo", reason="no_page")
    return FileResponse(path)


ROUTES = [
    Route("/i/{link}", invitation_page, methods=["GET"]),
    Route("/i/{link}/calendar.ics", calendar_file, methods=["GET"]),
    Route("/logo", logo, methods=["GET"]),
]
