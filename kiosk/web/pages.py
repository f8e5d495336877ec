"""Rendering a page: the template in the reader's language, with the form token, the
signed-in host and the site's dates and times."""

import functools
from typing import Any

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kiosk.errors import NotFound
from kiosk.i18n import When, translations
from kiosk.languages import LANGUAGES
from kiosk.services.portal.sign_in import PortalUser, signed_in
from kiosk.services.reception.search import LONGEST_QUERY
from kiosk.web.security import (
    FORM_TOKEN_FIELD,
    HEADERS,
    LANGUAGE_COOKIE,
    RENEWED_SESSION,
    SESSION_COOKIE,
    browser_cookie,
    form_token,
    set_cookie,
)

BROWSER_COOKIE_AGE = 30 * 24 * 3600
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("kiosk.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def reader_language(request: Request, user: PortalUser | None = None) -> str:
    """The language chosen on the page, else the host's, else the browser's, else the site's."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    if user is not None and user.language in LANGUAGES:
        return user.language
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return request.app.state.kiosk.settings.language


async def current_user(request: Request) -> PortalUser | None:
    """The signed-in person; a request that only reads may renew a kept session's secret,
    which the answer then sets (see :class:`~kiosk.web.security.SecurityHeaders`)."""
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    renew = request.method == "GET"
    user = await run_in_threadpool(
        functools.partial(signed_in, request.app.state.kiosk, secret, renew=renew)
    )
    if user is not None and user.renewed_secret:
        setattr(request.state, RENEWED_SESSION, user.renewed_secret)
    return user


class SignInNeeded(Exception):
    """The page is a host's: the browser is sent to the sign-in page."""


async def required_user(request: Request, role: str | None = None) -> PortalUser:
    """The signed-in person; for a page of ``role``, one who may act as it (to anyone else
    the page does not exist)."""
    user = await current_user(request)
    if user is None:
        raise SignInNeeded
    if role is not None and not user.may(role):
        raise NotFound("no such page", reason="no_page")
    return user


LARGEST_ID = 2**31 - 1


def id_from_text(text: str) -> int:
    """A row's id from the address: digits only and in range, else the page does not exist."""
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= LARGEST_ID:
        raise NotFound("no such page", reason="no_page")
    return int(text)


def path_id(request: Request, name: str) -> int:
    return id_from_text(request.path_params[name])


def render(
    request: Request,
    template: str,
    user: PortalUser | None = None,
    status: int = 200,
    language: str | None = None,
    **context: Any,
) -> Response:
    """The page in ``language``, else in the reader's (see :func:`reader_language`)."""
    kiosk = request.app.state.kiosk
    language = language or reader_language(request, user)

    _ = translations(language).gettext
    when = When(kiosk.site.timezone, language, _)
    page = TEMPLATES.get_template(template).render(
        _=_,
        language=language,
        languages=LANGUAGES,
        site_name=kiosk.site.name,
        user=user,
        csrf=form_token(request),
        back=request.url.path,
        when=when,
        **context,
    )
    response = HTMLResponse(page, status_code=status)
    response.headers.update(HEADERS)  # the error pages too, which no middleware wraps
    new_secret = getattr(request.state, "new_browser_secret", None)
    if new_secret:
        set_cookie(kiosk, response, browser_cookie(kiosk), new_secret, BROWSER_COOKIE_AGE)
    return response


def search_query(request: Request) -> str:
    """What the page's search box (``?q=``) asks for."""
    return request.query_params.get("q", "").strip()[:LONGEST_QUERY]


CONFIRMED = "confirmed"


def confirm_first(
    request: Request,
    user: PortalUser,
    form: FormData,
    question: str,
    yes: str,
    back: str,
    about: str | None = None,
) -> Response | None:
    """None once the person confirmed; else a page of its own that asks ``question`` (about
    ``about``: who it touches), whose ``yes`` posts the same form again, confirmed, and whose
    *No* goes back to ``back``. Nothing is done before then: no one undoes a cancel, a sign-out
    or a ban with one stray tap. The question and its yes are message ids (marked with ``N_``),
    said in the reader's language."""
    if form.get(CONFIRMED) == "yes":
        return None
    _ = translations(reader_language(request, user)).gettext
    hidden = {
        name: str(value)
        for name, value in form.items()
        if name not in (FORM_TOKEN_FIELD, CONFIRMED)
    }
    return render(
        request,
        "confirm.html",
        user,
        question=_(question),
        yes=_(yes),
        action=request.url.path,
        hidden=hidden | {CONFIRMED: "yes"},
        back_to=back,
        about=about,
    )


def see_other(path: str) -> RedirectResponse:
    """After a form is handled: the browser loads ``path`` (a reload does not post again)."""
    return RedirectResponse(path, status_code=303)
