"""``/signin``: a host asks for a link by email, follows it, and is signed in; ``/signout``."""

import functools

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.services.portal.sign_in import (
    PasswordTry,
    SignedIn,
    SignInRefused,
    TooManyTries,
    ask_for_link,
    email_link,
    open_session,
    sign_in_with_password,
    sign_out,
)
from kiosk.web.pages import current_user, render, see_other
from kiosk.web.security import (
    DEVICE_COOKIE,
    SESSION_COOKIE,
    browser_secret,
    checked_form,
    client_address,
    session_cookie_age,
    set_cookie,
)

LONGEST_EMAIL = 254
LONGEST_PASSWORD = 200
DEVICE_COOKIE_AGE = 365 * 24 * 3600


async def _unless_signed_in(request: Request, template: str) -> Response:
    """A sign-in form; someone already signed in goes to their first page instead."""
    if await current_user(request) is not None:
        return see_other("/")
    return render(request, template, email="", error=None)


async def sign_in_page(request: Request) -> Response:
    return await _unless_signed_in(request, "signin.html")


async def ask_for_link_page(request: Request) -> Response:
    form = await checked_form(request)
    email = str(form.get("email", "")).strip()[:LONGEST_EMAIL]
    if "@" not in email:
        return render(request, "signin.html", status=400, email=email, error="email")
    kiosk = request.app.state.kiosk
    try:
        await run_in_threadpool(ask_for_link, kiosk, email, client_address(request))
    except TooManyTries:
        return render(request, "signin.html", status=429, email=email, error="too_many")
    response = render(request, "signin_sent.html")
    response.background = BackgroundTask(email_link, kiosk, email)
    return response


async def link_page(request: Request) -> Response:
    """The link from the email shows a button: a mail scanner that opens links does not use
    it up, and the session starts on the host's own click."""
    return render(request, "signin_link.html", secret=request.path_params["secret"])


async def use_link_page(request: Request) -> Response:
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    secret, address = str(form.get("secret", "")), client_address(request)
    browser, keep = browser_secret(request), form.get("keep") == "on"
    try:
        signed = await run_in_threadpool(
            functools.partial(open_session, kiosk, secret, address, browser, keep=keep)
        )
    except SignInRefused:
        return render(request, "signin.html", status=400, email="", error="bad_link")
    return _signed_in(kiosk, signed)


async def password_page(request: Request) -> Response:
    return await _unless_signed_in(request, "signin_password.html")


async def use_password_page(request: Request) -> Response:
    form = await checked_form(request)
    email = str(form.get("email", "")).strip()[:LONGEST_EMAIL]
    password = str(form.get("password", ""))[:LONGEST_PASSWORD]
    kiosk = request.app.state.kiosk
    attempt = PasswordTry(
        email,
        password,
        client_address(request),
        browser=browser_secret(request),
        device=request.cookies.get(DEVICE_COOKIE),
        keep=form.get("keep") == "on",
    )
    try:
        signed = await run_in_threadpool(sign_in_with_password, kiosk, attempt)
    except TooManyTries:
        return render(request, "signin_password.html", status=429, email=email, error="too_many")
    except SignInRefused:
        return render(request, "signin_password.html", status=400, email=email, error="wrong")
    return _signed_in(kiosk, signed)


def _signed_in(kiosk, signed: SignedIn) -> Response:
    """Home, with the session's cookie and the mark of a known device (kept a year)."""
    response = see_other("/")
    set_cookie(
        kiosk, response, SESSION_COOKIE, signed.session_secret, session_cookie_age(signed.kept)
    )
    set_cookie(kiosk, response, DEVICE_COOKIE, signed.device_mark, DEVICE_COOKIE_AGE)
    return response


async def sign_out_page(request: Request) -> Response:
    await checked_form(request)
    user = await current_user(request)
    if user is not None:
        await run_in_threadpool(sign_out, request.app.state.kiosk, user)
    response = see_other("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


ROUTES = [
    Route("/signin", sign_in_page, methods=["GET"]),
    Route("/signin", ask_for_link_page, methods=["POST"]),
    Route("/signin/link/{secret}", link_page, methods=["GET"]),
    Route("/signin/link", use_link_page, methods=["POST"]),
    Route("/signin/password", password_page, methods=["GET"]),
    Route("/signin/password", use_password_page, methods=["POST"]),
    Route("/signout", sign_out_page, methods=["POST"]),
]
