"""Rendering a page: the template in the reader's language, with the form token, the
signed-in host and the site's dates and times."""

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import jinja2
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from kiosk.errors import KioskError, NotFound
from kiosk.i18n import When, translations
from kiosk.languages import LANGUAGES
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import PortalUser, Read, read_signed_in
from kiosk.services.reception.search import LONGEST_QUERY
from kiosk.services.roles import Role
from kiosk.web.security import (
    FORM_TOKEN_FIELD,
    HEADERS,
    LANGUAGE_COOKIE,
    RENEWED_SESSION,
    SESSION_COOKIE,
    browser_cookie,
    checked_form,
    form_token,
    set_cookie,
)
from kiosk.words import describe

T = TypeVar("T")
BROWSER_COOKIE_AGE = 30 * 24 * 3600
TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("kiosk.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
TEMPLATES.globals["Role"] = Role


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
    """The signed-in person (see :func:`signed_in_reading`)."""
    found = await signed_in_reading(request, _nothing)
    return found[0] if found else None


def _nothing(*_: object) -> None:
    return None


async def signed_in_reading(
    request: Request, read: Read[T], role: Role | None = None
) -> tuple[PortalUser, T] | None:
    """The signed-in person and what ``read`` finds for them, in one transaction (see
    :func:`read_signed_in`). A request that only reads may renew a kept session's secret,
    which the answer then sets (see :class:`~kiosk.web.security.SecurityHeaders`)."""
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    kiosk, renew = request.app.state.kiosk, request.method == "GET"
    found = await run_in_threadpool(
        functools.partial(read_signed_in, kiosk, secret, read, role, renew=renew)
    )
    if found is not None and found[0].renewed_secret:
        setattr(request.state, RENEWED_SESSION, found[0].renewed_secret)
    return found


class SignInNeeded(Exception):
    """The page is a host's: the browser is sent to the sign-in page."""


CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Page:
    """What every signed-in page starts from: the request, the person, the site and the
    reader's language, with the page's own ways to answer."""

    request: Request
    user: PortalUser
    kiosk: Kiosk
    language: str
    found: Any = None
    """What the route ``reads`` (see :func:`page`)."""

    @property
    def _(self) -> Callable[[str], str]:
        return translations(self.language).gettext

    def said(self, refused: KioskError) -> str:
        """A refusal in the reader's words (with no form's labels to name)."""
        return describe(refused, self._, lambda _field: None)

    def render(self, template: str, *, status: int = 200, **context: Any) -> Response:
        return render(self.request, template, self.user, status, self.language, **context)

    async def form(self) -> FormData:
        """The posted form, once its token is this browser's (see :func:`checked_form`)."""
        return await checked_form(self.request)

    def confirm_first(
        self, form: FormData, question: str, yes: str, back: str, about: str | None = None
    ) -> Response | None:
        """:func:`confirm_first` on this page."""
        return confirm_first(
            self.request, form, question, yes, back, about, self.user, self.language
        )

    def query(self, name: str) -> str | None:
        return self.request.query_params.get(name)

    def path_id(self, name: str) -> int:
        return id_from_text(self.request.path_params[name])


def confirm_first(
    request: Request,
    form: FormData,
    question: str,
    yes: str,
    back: str,
    about: str | None = None,
    user: PortalUser | None = None,
    language: str | None = None,
) -> Response | None:
    """None once the person confirmed; else a page of its own that asks ``question`` (about
    ``about``: who it touches), whose ``yes`` posts the same form again, confirmed, and whose
    *No* goes back to ``back``. Nothing is done before then: no one undoes a cancel, a
    sign-out, a ban or an erasure with one stray tap. The question and its yes are message
    ids (marked with ``N_``), said in the reader's language."""
    if form.get(CONFIRMED) == "yes":
        return None
    language = language or reader_language(request, user)
    _ = translations(language).gettext
    hidden = {
        name: str(value)
        for name, value in form.items()
        if name not in (FORM_TOKEN_FIELD, CONFIRMED)
    }
    return render(
        request,
        "confirm.html",
        user,
        language=language,
        question=_(question),
        yes=_(yes),
        action=request.url.path,
        hidden=hidden | {CONFIRMED: "yes"},
        back_to=back,
        about=about,
    )


View = Callable[[Page], Awaitable[Response]]


def page(
    role: Role | None = None, reads: Callable[[Request], Read[Any]] | None = None
) -> Callable[[View], Callable[[Request], Awaitable[Response]]]:
    """A route's endpoint made of ``view``: it gets the signed-in person (anyone else is sent
    to sign in), and to a person who may not act as ``role`` the page does not exist. A page
    that lists something names it in ``reads`` (given the request, what to read): it is read
    in the session check's own transaction, and the view finds it in :attr:`Page.found`."""

    def endpoint_of(view: View) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(view)
        async def endpoint(request: Request) -> Response:
            read = reads(request) if reads is not None else _nothing
            signed_in = await signed_in_reading(request, read, role)
            if signed_in is None:
                raise SignInNeeded
            user, found = signed_in
            kiosk = request.app.state.kiosk
            language = reader_language(request, user)
            return await view(Page(request, user, kiosk, language, found))

        return endpoint

    return endpoint_of


LARGEST_ID = 2**31 - 1


def id_from_text(text: str) -> int:
    """A row's id from the address: digits only and in range, else the page does not exist."""
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= LARGEST_ID:
        raise NotFound("no such page", reason="no_page")
    return int(text)


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


def see_other(path: str) -> RedirectResponse:
    """After a form is handled: the browser loads ``path`` (a reload does not post again)."""
    return RedirectResponse(path, status_code=303)
