"""Rendering a page: the template in the reader's language, with the form token, the
signed-in host and the site's dates and times."""

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kiosk.i18n import clock_time, long_date, translations
from kiosk.languages import LANGUAGES
from kiosk.services.portal.sign_in import PortalUser, signed_in
from kiosk.web.security import (
    BROWSER_COOKIE,
    HEADERS,
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    form_token,
    set_cookie,
)

BROWSER_COOKIE_AGE = 30 * 24 * 3600
LAST_MINUTE = time(23, 59)
DASH = "\N{EN DASH}"
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
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    return await run_in_threadpool(signed_in, request.app.state.kiosk, secret)


class SignInNeeded(Exception):
    """The page is a host's: the browser is sent to the sign-in page."""


async def required_user(request: Request) -> PortalUser:
    user = await current_user(request)
    if user is None:
        raise SignInNeeded
    return user


def render(
    request: Request,
    template: str,
    user: PortalUser | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    kiosk = request.app.state.kiosk
    language = reader_language(request, user)
    zone = ZoneInfo(kiosk.site.timezone)

    _ = translations(language).gettext

    def window(starts: datetime, ends: datetime) -> str:
        """A visit's window in the site's time: "Sunday, 29 November 2026 · 09:00-11:00",
        "… · all day", or its first and last day."""
        start, end = starts.astimezone(zone), ends.astimezone(zone)
        whole_days = start.time() == time.min and end.time() >= LAST_MINUTE
        if start.date() != end.date():
            first, last = long_date(start, language), long_date(end, language)
            if whole_days:
                return f"{first} {DASH} {last}"
            return (
                f"{first} {clock_time(start, language)} {DASH} {last} {clock_time(end, language)}"
            )
        hours = _("all day") if whole_days else clock_time(start, language)
        if not whole_days:
            hours += DASH + clock_time(end, language)
        return f"{long_date(start, language)} · {hours}"

    page = TEMPLATES.get_template(template).render(
        _=_,
        language=language,
        languages=LANGUAGES,
        site_name=kiosk.site.name,
        user=user,
        csrf=form_token(request),
        back=request.url.path,
        window=window,
        **context,
    )
    response = HTMLResponse(page, status_code=status)
    response.headers.update(HEADERS)  # the error pages too, which no middleware wraps
    new_secret = getattr(request.state, "new_browser_secret", None)
    if new_secret:
        set_cookie(kiosk, response, BROWSER_COOKIE, new_secret, BROWSER_COOKIE_AGE)
    return response


def see_other(path: str) -> RedirectResponse:
    """After a form is handled: the browser loads ``path`` (a reload does not post again)."""
    return RedirectResponse(path, status_code=303)
