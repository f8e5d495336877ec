"""The portal's ASGI app: routes by audience, the security headers, and one answer per kind of
fault (a page in the reader's language, never a traceback)."""

import contextlib
import logging
import re
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kiosk.errors import DatabaseUnavailable, KioskError, NotFound
from kiosk.i18n import translations
from kiosk.languages import LANGUAGES
from kiosk.services.background import Loop
from kiosk.services.health import HealthChecks
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.passwords import unusable_hash
from kiosk.services.records.audit_queue import fold_audit_queue
from kiosk.web import (
    admin_pages,
    deny_pages,
    directory_pages,
    fonts,
    guest_pages,
    host_pages,
    privacy_pages,
    reception_pages,
    request_pages,
    self_service_pages,
    settings_pages,
    sign_in_pages,
)
from kiosk.web.limits import BodyLimits
from kiosk.web.pages import SignInNeeded, current_user, reader_language, render, see_other
from kiosk.web.security import LANGUAGE_COOKIE, SecurityHeaders, set_cookie
from kiosk.words import reason_words

LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
OWN_PATH = re.compile(r"/(?!/)[A-Za-z0-9/_-]*")
"""A page of this portal to go back to: never another site (``//host``, ``/\\host``)."""
log = logging.getLogger("kiosk.portal")


async def health(request: Request) -> Response:
    """``ok`` when every check of ``kiosk health`` passes (the printer is the kiosks'); else
    503, naming each check that did not pass, with no detail (the page is public)."""
    report = await run_in_threadpool(request.app.state.health.run, printer=False)
    if report.healthy:
        return PlainTextResponse("ok")
    lines = ["unhealthy"]
    lines += [f"{check.name}: {check.status}" for check in report.checks if not check.passed]
    return PlainTextResponse("\n".join(lines), status_code=503)


async def home(request: Request) -> Response:
    """Staff start at the desk's pages, hosts at their guests."""
    user = await current_user(request)
    return see_other("/reception/expected" if user and user.role else "/invitations")


async def choose_language(request: Request) -> Response:
    """``/language/en``: the pages in that language from now on, back where the reader was."""
    code = request.path_params["code"]
    if code not in LANGUAGES:
        raise NotFound("no such language", reason="no_page")
    back = request.query_params.get("back", "/")
    response = see_other(back if OWN_PATH.fullmatch(back) else "/")
    set_cookie(request.app.state.kiosk, response, LANGUAGE_COOKIE, code, LANGUAGE_COOKIE_AGE)
    return response


def _problem(request: Request, status: int, problem: str, detail: str | None = None) -> Response:
    return render(request, "problem.html", status=status, problem=problem, detail=detail)


async def _sign_in_needed(request: Request, _error: Exception) -> Response:
    return see_other("/signin")


async def _not_found(request: Request, _error: Exception) -> Response:
    return _problem(request, 404, "not_found")


async def _http_error(request: Request, error: Exception) -> Response:
    status = error.status_code if isinstance(error, HTTPException) else 500
    problem = {403: "form_token", 404: "not_found", 405: "not_found", 408: "too_slow"}.get(
        status, "too_large" if status == 413 else "unexpected"
    )
    return _problem(request, status, problem)


async def _refused(request: Request, error: Exception) -> Response:
    if isinstance(error, DatabaseUnavailable):
        log.warning("portal: %s", error)
        return _problem(request, 503, "database")
    _ = translations(reader_language(request)).gettext
    return _problem(request, 400, "refused", reason_words(error.reason, _, **error.details))


async def _client_gone(request: Request, _error: Exception) -> Response:
    """The client left before its request was whole: nobody is there to answer."""
    log.info("portal: a client left in the middle of %s %s", request.method, _route(request))
    return Response(status_code=499)


def _route(request: Request) -> str:
    """The page's pattern, not its path: a path may carry a sign-in link."""
    return getattr(request.scope.get("route"), "path", "an unknown page")


async def _unexpected(request: Request, error: Exception) -> Response:
    log.error("portal: unexpected error on %s %s", request.method, _route(request), exc_info=error)
    return _problem(request, 500, "unexpected")


FOLD_EVERY_S = 2.0
"""How soon a page's view, queued while the page was answered, joins the audit chain."""


def views_folder(kiosk: Kiosk) -> Loop:
    """The loop that chains the views pages queued, in a thread of its own, so no page waits
    for the chain's lock (not started)."""
    return Loop("audit queue", lambda: fold_audit_queue(kiosk), FOLD_EVERY_S)


def _folding_views(kiosk: Kiosk):
    """While the portal serves in this process, its views are chained here."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        loop = views_folder(kiosk)
        loop.start()
        try:
            yield
        finally:
            loop.stop()
            loop.join(FOLD_EVERY_S * 5)

    return lifespan


def create_app(kiosk: Kiosk, *, fold_views: bool = True) -> Starlette:
    """The portal. ``fold_views`` False: another process chains the views its pages queue
    (``kiosk serve --workers``: the supervisor, whose thread takes no worker's time)."""
    unusable_hash()  # now, so that the first sign-in with an unknown email takes no longer
    routes = [
        Route("/healthz", health),
        Route("/", home),
        Route("/language/{code}", choose_language),
        *sign_in_pages.ROUTES,
        *guest_pages.ROUTES,
        *settings_pages.ROUTES,
        *host_pages.ROUTES,
        *reception_pages.ROUTES,
        *deny_pages.ROUTES,
        *directory_pages.ROUTES,
        *admin_pages.ROUTES,
        *privacy_pages.ROUTES,
        *request_pages.ROUTES,
        *self_service_pages.ROUTES,
        *fonts.ROUTES,
        Mount("/static", StaticFiles(packages=[("kiosk.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        lifespan=_folding_views(kiosk) if fold_views else None,
        middleware=[Middleware(SecurityHeaders), Middleware(BodyLimits)],
        exception_handlers={
            ClientDisconnect: _client_gone,
            SignInNeeded: _sign_in_needed,
            NotFound: _not_found,
            HTTPException: _http_error,
            KioskError: _refused,
            Exception: _unexpected,
        },
    )
    app.state.kiosk = kiosk
    app.state.health = HealthChecks(kiosk.settings)
    return app
