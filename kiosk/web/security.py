"""What every response and every form of the portal shares: security headers, the browser's
cookie and its form token (CSRF), and the session cookie."""

from starlette.datastructures import FormData, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import KEPT_LIFETIME, SESSION_LIFETIME
from kiosk.web.limits import MAX_BODY_BYTES

BROWSER_COOKIE = "kiosk_browser"
"""A random value per browser, from which its form tokens are made."""
SESSION_COOKIE = "kiosk_session"
RENEWED_SESSION = "renewed_session"
"""Where a request keeps the renewed secret of a kept session, for its answer's cookie."""
KEPT_SESSION_AGE = int(KEPT_LIFETIME.total_seconds())
DEVICE_COOKIE = "kiosk_device"
"""The mark of a browser its person signed in on before: their password still works from it
when their account is past its limit of tries."""
LANGUAGE_COOKIE = "kiosk_lang"
FORM_TOKEN_FIELD = "csrf"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; "
        "form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}
"""On every response: no script but the portal's own files (none inline), no framing, no
referrer, and nothing kept in caches (pages show people's names)."""
SHARED_FILES = ("/fonts/",)
"""The bundled fonts, the same for everyone and about no one: a browser keeps them (the
portal's stylesheet and script are not kept, so an upgrade shows at once)."""
SHARED_CACHING = "public, max-age=86400"


class SecurityHeaders:
    """Adds :data:`HEADERS` to every response as it starts, and the renewed secret of a kept
    session on whatever answers the request that renewed it (a page, a redirect, a download:
    the secret the browser sent opens nothing any more). A plain ASGI middleware: the response
    goes out as the app wrote it, in one piece."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        shared = scope["path"].startswith(SHARED_FILES)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if shared:
                    headers["Cache-Control"] = SHARED_CACHING
                renewed = scope.get("state", {}).get(RENEWED_SESSION)
                if renewed:
                    _add_session_cookie(scope["app"].state.kiosk, headers, renewed)
            await send(message)

        await self.app(scope, receive, with_headers)


def _add_session_cookie(kiosk: Kiosk, headers: MutableHeaders, secret: str) -> None:
    cookie = Response()
    set_cookie(kiosk, cookie, SESSION_COOKIE, secret, KEPT_SESSION_AGE)
    for value in cookie.headers.getlist("set-cookie"):
        headers.append("set-cookie", value)


def session_cookie_age(kept: bool) -> int:
    return KEPT_SESSION_AGE if kept else int(SESSION_LIFETIME.total_seconds())


def client_address(request: Request) -> str:
    """The network address of the client: the connection's, or the one a proxy named in
    ``FORWARDED_ALLOW_IPS`` gives (uvicorn reads the header only from such a proxy)."""
    return request.client.host if request.client else "unknown"


def secure_cookies(kiosk: Kiosk) -> bool:
    """Cookies go over HTTPS only when the portal is reached over HTTPS."""
    return kiosk.settings.portal_url.startswith("https://")


def set_cookie(kiosk: Kiosk, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(kiosk),
        path="/",
    )


def browser_cookie(kiosk: Kiosk) -> str:
    """The browser cookie's name: host-only (``__Host-``) where cookies go over HTTPS, so that
    no other site on the same domain can set it."""
    return f"__Host-{BROWSER_COOKIE}" if secure_cookies(kiosk) else BROWSER_COOKIE


def browser_secret(request: Request) -> str:
    """The browser's cookie value, or a new one that the page's response sets."""
    secret = request.cookies.get(browser_cookie(request.app.state.kiosk))
    if not secret:
        secret = request.state.new_browser_secret = (
            request.app.state.kiosk.portal_secrets.new_secret()
        )
    return secret


def form_token(request: Request) -> str:
    session = getattr(request.state, RENEWED_SESSION, None) or request.cookies.get(
        SESSION_COOKIE, ""
    )
    return request.app.state.kiosk.portal_secrets.form_token(browser_secret(request), session)


async def checked_form(request: Request) -> FormData:
    """The posted form once its token matches this browser's and its session's; else 403, and
    nothing is done."""
    form = await request.form(max_part_size=MAX_BODY_BYTES)  # a body is never larger
    kiosk = request.app.state.kiosk
    secret = request.cookies.get(browser_cookie(kiosk))
    session = request.cookies.get(SESSION_COOKIE, "")
    token = form.get(FORM_TOKEN_FIELD)
    if (
        not secret
        or not isinstance(token, str)
        or not kiosk.portal_secrets.form_token_matches(secret, session, token)
    ):
        raise HTTPException(403, "form_token")
    return form
