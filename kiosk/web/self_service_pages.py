"""``/privacy``: what the site asks visitors for and why, and a person's own way to what is
held about them (see :mod:`kiosk.services.rights.self_service`). Public: no sign-in; the
person is proved by a link to an address the site holds, and then by a cookie of their own
that lasts an hour. Withdrawing a consent and every request ask to confirm first."""

import json
from datetime import datetime

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import CaptureRefused
from kiosk.i18n import translations
from kiosk.privacy.audit import AuditAction
from kiosk.privacy.gateway import Source
from kiosk.privacy.registry import Basis
from kiosk.services.records.policy import describe_fields, describe_policy
from kiosk.services.rights.export_page import render_export
from kiosk.services.rights.self_service import (
    CODE_DIGITS,
    CODE_LIFETIME,
    FOR_STAFF,
    KIND_WORDS,
    LONGEST_VALUE,
    SESSION_LIFETIME,
    PrivacyLinkRefused,
    Proved,
    ProvedLink,
    RequestKind,
    TooManyRequests,
    ask_for_privacy_link,
    ask_staff,
    correct_my_value,
    correctable,
    email_privacy_link,
    is_email,
    my_data,
    new_code_token,
    open_privacy_link,
    open_with_code,
    proved_person,
    text_privacy_code,
    texts_guests,
    withdraw_my_consent,
)
from kiosk.web.pages import confirm_first, reader_language, render, see_other
from kiosk.web.security import checked_form, client_address, set_cookie
from kiosk.words import N_, describe

HERE = "/privacy"
COOKIE = "kiosk_privacy"
VISITOR_FIELDS = "visitor."
"""What the site asks visitors for (the registry's ``visitor.*`` fields)."""
LONGEST_EMAIL = 254
LONGEST_TOKEN = 64
FEWEST_PHONE_DIGITS = 6
SOURCES = {
    Source.GUEST_TYPED: N_("you typed it at the kiosk"),
    Source.HOST_PREREGISTERED: N_("your host gave it when inviting you"),
    Source.STAFF_ENTERED: N_("reception entered it"),
    Source.SELF_ENTERED: N_("you chose it on the portal"),
    Source.SCANNED: N_("read from a document you scanned"),
    Source.CAMERA: N_("taken by the kiosk's camera"),
}
ACTIONS = {
    AuditAction.CAPTURE: N_("recorded"),
    AuditAction.VIEW_VERIFICATION: N_("ID checked by staff"),
    AuditAction.PRINT: N_("badge printed"),
    AuditAction.EXPORT: N_("your data was exported"),
    AuditAction.CORRECTION: N_("corrected"),
    AuditAction.ERASURE: N_("erased"),
    AuditAction.PURGE: N_("deleted at the end of its retention"),
    AuditAction.CONSENT_GIVEN: N_("consent given"),
    AuditAction.CONSENT_WITHDRAWN: N_("consent withdrawn"),
    AuditAction.INVITATION_CHANGE: N_("invitation changed"),
    AuditAction.DENY_LIST_HIT: N_("matched the deny list"),
    AuditAction.LEGAL_HOLD: N_("kept under a legal hold"),
    AuditAction.PORTAL_VIEW: N_("seen on the portal by staff or your host"),
    AuditAction.PRIVACY_REQUEST: N_("your request"),
}
QUESTIONS = {
    RequestKind.ERASURE: N_(
        "Ask for everything held about you to be erased? Staff answer within 3 x 24 hours; "
        "what the law requires us to keep is kept."
    ),
    RequestKind.RESTRICTION: N_(
        "Ask for the processing of your data to be restricted? Staff answer within 3 x 24 hours."
    ),
    RequestKind.OBJECTION: N_(
        "Object to the processing of your data? Staff answer within 3 x 24 hours."
    ),
}
OUTCOMES = {
    None: N_("waiting for staff"),
    "done": N_("done"),
    "refused": N_("refused"),
}


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


async def privacy_page(request: Request) -> Response:
    return await _notice(request)


async def _notice(
    request: Request, *, status: int = 200, email: str = "", error: str | None = None
) -> Response:
    settings = request.app.state.kiosk.settings
    language = reader_language(request)
    policy = await run_in_threadpool(describe_policy, settings, language)
    _, fields = await run_in_threadpool(describe_fields, settings, language)
    asked = [
        line
        for line in fields
        if line.key.startswith(VISITOR_FIELDS) and line.enabled and line.purposes
    ]
    return render(
        request,
        "privacy.html",
        status=status,
        policy=policy,
        fields=asked,
        email=email,
        error=error,
        phone=texts_guests(request.app.state.kiosk),
        expired=request.query_params.get("ended") == "1",
    )


def _askable(asked: str, phone: bool) -> bool:
    """An email address, or, where the site texts guests, what could be a phone number."""
    digits = sum(character.isdigit() for character in asked)
    return is_email(asked) or (phone and digits >= FEWEST_PHONE_DIGITS)


async def ask_page(request: Request) -> Response:
    form = await checked_form(request)
    asked = str(form.get("email", "")).strip()[:LONGEST_EMAIL]
    kiosk = request.app.state.kiosk
    if not _askable(asked, texts_guests(kiosk)):
        return await _notice(request, status=400, email=asked, error="email")
    try:
        await run_in_threadpool(ask_for_privacy_link, kiosk, asked, client_address(request))
    except TooManyRequests:
        return await _notice(request, status=429, email=asked, error="too_many")
    language = reader_language(request)
    if is_email(asked):
        response = render(request, "privacy_sent.html")
        response.background = BackgroundTask(email_privacy_link, kiosk, asked, language)
        return response
    token = new_code_token(kiosk)
    response = _code_form(request, token)
    response.background = BackgroundTask(text_privacy_code, kiosk, asked, token, language)
    return response


def _code_form(request: Request, token: str, status: int = 200, error: str | None = None):
    return render(
        request,
        "privacy_code.html",
        status=status,
        token=token,
        error=error,
        digits=CODE_DIGITS,
        minutes=int(CODE_LIFETIME.total_seconds() // 60),
    )


async def code_page(request: Request) -> Response:
    """The code texted for this browser's ask: five tries, then a new code is needed."""
    form = await checked_form(request)
    token = str(form.get("token", ""))[:LONGEST_TOKEN]
    code = str(form.get("code", "")).replace(" ", "")[: CODE_DIGITS + 2]
    kiosk = request.app.state.kiosk
    try:
        proved = await run_in_threadpool(open_with_code, kiosk, token, code)
    except TooManyRequests:
        return _code_form(request, token, 429, "too_many")
    except PrivacyLinkRefused:
        return _code_form(request, token, 400, "bad_code")
    return _opened(kiosk, proved)


async def link_page(request: Request) -> Response:
    """A button, not the data at once: a mail scanner that opens links does not use it up."""
    return render(request, "privacy_link.html", secret=request.path_params["secret"])


async def use_link_page(request: Request) -> Response:
    form = await checked_form(request)
    kiosk = request.app.state.kiosk
    try:
        proved = await run_in_threadpool(open_privacy_link, kiosk, str(form.get("secret", "")))
    except PrivacyLinkRefused:
        return await _notice(request, status=400, error="bad_link")
    return _opened(kiosk, proved)


def _opened(kiosk, proved: Proved) -> Response:
    """The person's own page, in a session of this browser's."""
    response = see_other(f"{HERE}/me")
    set_cookie(
        kiosk, response, COOKIE, proved.session_secret, int(SESSION_LIFETIME.total_seconds())
    )
    return response


async def _proved(request: Request) -> ProvedLink | None:
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    return await run_in_threadpool(proved_person, request.app.state.kiosk, secret)


def _ended() -> Response:
    return see_other(f"{HERE}?ended=1")


async def me_page(request: Request, *, status: int = 200, error: str | None = None) -> Response:
    proved = await _proved(request)
    if proved is None:
        return _ended()
    data = await run_in_threadpool(my_data, request.app.state.kiosk, proved)
    registry = request.app.state.kiosk.gateway.registry
    language = reader_language(request)
    return render(
        request,
        "privacy_me.html",
        status=status,
        error=error,
        correctable={key for key in registry.fields if correctable(request.app.state.kiosk, key)},
        longest_value=LONGEST_VALUE,
        people=data.document["people"],
        requests=data.requests,
        moment=_moment,
        sources=SOURCES,
        actions=ACTIONS,
        kinds=KIND_WORDS,
        outcomes=OUTCOMES,
        for_staff=FOR_STAFF,
        consent_purposes={
            key for key, purpose in registry.purposes.items() if purpose.basis is Basis.CONSENT
        },
        done=request.query_params.get("done"),
        said=lambda text: text.get(language) or next(iter(text.values())),
        purpose_labels={
            key: registry.text(purpose.label, language)
            for key, purpose in registry.purposes.items()
        },
    )


async def download_page(request: Request) -> Response:
    proved = await _proved(request)
    if proved is None:
        return _ended()
    style = request.path_params["style"]
    if style not in ("json", "html"):
        return see_other(f"{HERE}/me")
    data = await run_in_threadpool(my_data, request.app.state.kiosk, proved)
    body, media = (
        (json.dumps(data.document, indent=2, ensure_ascii=False), "application/json")
        if style == "json"
        else (render_export(data.document), "text/html")
    )
    disposition = f'attachment; filename="my-data.{style}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


async def withdraw_page(request: Request) -> Response:
    form = await checked_form(request)
    proved = await _proved(request)
    if proved is None:
        return _ended()
    asked = confirm_first(
        request,
        form,
        N_("Withdraw this consent? It stops at once, and what was kept only for it is erased."),
        N_("Withdraw"),
        f"{HERE}/me",
    )
    if asked is not None:
        return asked
    purpose = str(form.get("purpose", ""))
    await run_in_threadpool(withdraw_my_consent, request.app.state.kiosk, proved, purpose)
    return see_other(f"{HERE}/me?done=withdrawal")


async def correct_page(request: Request) -> Response:
    """A value corrected: at once where the guest only typed it, else asked of staff."""
    form = await checked_form(request)
    proved = await _proved(request)
    if proved is None:
        return _ended()
    kiosk = request.app.state.kiosk
    field = str(form.get("field", ""))
    value = str(form.get("value", "")).strip()[:LONGEST_VALUE]
    if not correctable(kiosk, field):
        return see_other(f"{HERE}/me")
    try:
        at_once = await run_in_threadpool(correct_my_value, kiosk, proved, field, value)
    except CaptureRefused as refused:
        registry, language = kiosk.gateway.registry, reader_language(request)
        label = registry.text(registry.fields[field].label, language)
        error = describe(refused, translations(language).gettext, lambda _field: label)
        return await me_page(request, status=400, error=error)
    return see_other(f"{HERE}/me?done={'corrected' if at_once else RequestKind.CORRECTION}")


async def request_page(request: Request) -> Response:
    form = await checked_form(request)
    proved = await _proved(request)
    if proved is None:
        return _ended()
    kind = str(form.get("kind", ""))
    if kind not in FOR_STAFF:
        return see_other(f"{HERE}/me")
    asked = confirm_first(request, form, QUESTIONS[kind], N_("Send the request"), f"{HERE}/me")
    if asked is not None:
        return asked
    await run_in_threadpool(ask_staff, request.app.state.kiosk, proved, kind)
    return see_other(f"{HERE}/me?done={kind}")


ROUTES = [
    Route(HERE, privacy_page, methods=["GET"]),
    Route(HERE, ask_page, methods=["POST"]),
    Route(f"{HERE}/link/{{secret}}", link_page, methods=["GET"]),
    Route(f"{HERE}/link", use_link_page, methods=["POST"]),
    Route(f"{HERE}/code", code_page, methods=["POST"]),
    Route(f"{HERE}/me", me_page, methods=["GET"]),
    Route(f"{HERE}/me/data.{{style}}", download_page, methods=["GET"]),
    Route(f"{HERE}/me/withdraw", withdraw_page, methods=["POST"]),
    Route(f"{HERE}/me/correct", correct_page, methods=["POST"]),
    Route(f"{HERE}/me/request", request_page, methods=["POST"]),
]
