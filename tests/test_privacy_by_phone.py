"""Where the site texts guests, a phone number proves a person on ``/privacy`` as an email
does: a code sent to the number as the site holds it, opening only in the browser that asked,
five tries at most and for 15 minutes; a number it does not hold gets the same page and no
message. On both backends, against a message service on 127.0.0.1."""

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk.services.invitations.invite import invite
from kiosk.services.rights.self_service import (
    CODE_LIFETIME,
    TRIES_PER_CODE,
    PrivacyLinkRefused,
    TooManyRequests,
    new_code_token,
    open_with_code,
    text_privacy_code,
)
from tests.builders import DURING, request
from tests.portal_client import FORM_TOKEN, form_token, portal
from tests.test_self_service_rights import confirmed, site_requests

PHONE, DIGITS = "0812 3456 7890", "6281234567890"
CODE = re.compile(r"\b(\d{6})\b")
TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def texting(site, receiver):
    """The site, sending guests messages through the receiver; Siti, invited by phone only."""
    kiosk = replace(
        site, settings=replace(site.settings, notify_guest_phone=receiver.url(path="g/{phone}"))
    )
    invite(kiosk, request(email=None, phone=PHONE), "staff:test")
    return kiosk


def ask(client, asked: str):
    return client.post("/privacy", data={"email": asked, "csrf": form_token(client, "/privacy")})


def enter(client, token: str, code: str):
    csrf = form_token(client, "/privacy")
    return client.post("/privacy/code", data={"token": token, "code": code, "csrf": csrf})


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_guest_proves_their_number_with_a_code_and_sees_their_data(
    texting, receiver, language: str
) -> None:
    client = portal(texting, language)
    assert 'autocomplete="email"' not in client.get("/privacy").text, "a number is welcome"
    asked = ask(client, "+62 812-3456-7890")
    assert asked.status_code == 200 and 'name="code"' in asked.text
    (message,) = receiver.received
    assert message.path == f"/g/{DIGITS}", "to the number as the site holds it"
    code = CODE.search(message.text).group(1)
    assert ("data Anda" if language == "id" else "your data") in message.text

    opened = enter(client, TOKEN.search(asked.text).group(1), code)
    assert opened.status_code == 303 and opened.headers["location"] == "/privacy/me"
    assert "Siti Rahmawati" in client.get("/privacy/me").text
    assert confirmed(client, "/privacy/me/request", kind="erasure").status_code == 303
    assert {(r.kind, r.proof) for r in site_requests(texting)} >= {
        ("access", "phone_code"),
        ("erasure", "phone_code"),
    }


def test_a_number_the_site_does_not_hold_gets_the_same_page_and_no_message(
    texting, receiver
) -> None:
    known, unknown = ask(portal(texting), PHONE), ask(portal(texting), "0813 9999 0000")
    assert known.status_code == unknown.status_code == 200

    def bare(page: str) -> str:
        return TOKEN.sub("", FORM_TOKEN.sub("", page))

    assert bare(known.text) == bare(unknown.text)
    assert [m.path for m in receiver.received] == [f"/g/{DIGITS}"]


def test_a_code_opens_only_with_its_browsers_token_five_tries_and_15_minutes(
    texting, receiver
) -> None:
    token, elsewhere = new_code_token(texting), new_code_token(texting)
    assert text_privacy_code(texting, PHONE, token, "en", now=DURING)
    code = CODE.search(receiver.received[-1].text).group(1)
    with pytest.raises(PrivacyLinkRefused):
        open_with_code(texting, elsewhere, code, now=DURING)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(TRIES_PER_CODE):
        with pytest.raises(PrivacyLinkRefused):
            open_with_code(texting, token, wrong, now=DURING)
    with pytest.raises(TooManyRequests):
        open_with_code(texting, token, code, now=DURING)

    late = new_code_token(texting)
    assert text_privacy_code(texting, PHONE, late, "en", now=DURING)
    code = CODE.search(receiver.received[-1].text).group(1)
    with pytest.raises(PrivacyLinkRefused):
        open_with_code(texting, late, code, now=DURING + CODE_LIFETIME)
    fresh = new_code_token(texting)
    assert text_privacy_code(texting, PHONE, fresh, "en", now=DURING)
    code = CODE.search(receiver.received[-1].text).group(1)
    assert open_with_code(texting, fresh, code, now=DURING + CODE_LIFETIME - timedelta(seconds=1))
    with pytest.raises(PrivacyLinkRefused):
        open_with_code(texting, fresh, code, now=DURING)


def test_the_page_says_which_code_failed_and_stops_after_five_tries(texting, receiver) -> None:
    client = portal(texting)
    token = TOKEN.search(ask(client, PHONE).text).group(1)
    for _ in range(TRIES_PER_CODE):
        wrong = enter(client, token, "000000")
        assert wrong.status_code == 400 and 'id="code-error"' in wrong.text
    assert enter(client, token, "000000").status_code == 429


def test_without_a_phone_channel_only_an_email_address_is_taken(site) -> None:
    invite(site, request(phone=PHONE), "staff:test")
    answer = ask(portal(site), PHONE)
    assert answer.status_code == 400 and 'id="email-error"' in answer.text
