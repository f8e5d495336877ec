"""Sign-in limits slow the guesser, never the owner: past an account's limit its owner still
gets in from a known device or by an emailed link, and reception is told; look-alike spellings
of one email are one account; refusals are folded into one audit entry a minute; asking for a
link does the same work for a host's email as for anyone's. On both backends."""

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from kiosk.services.alert_reasons import AlertReason
from kiosk.services.portal.sign_in import (
    PasswordTry,
    SignInRefused,
    TooManyTries,
    ask_for_link,
    open_session,
    sign_in_with_password,
)
from kiosk.services.reception.alerts import open_alerts
from tests.portal_client import ask_for_link as ask_on_page
from tests.portal_client import form_token, link_secret, messages_to, portal, use_link
from tests.test_portal_security import audit_actions, folded_refusals
from tests.test_portal_staff import DESK, add_staff


def password_page(client, email: str, password: str):
    form = {"email": email, "password": password, "csrf": form_token(client, "/signin/password")}
    return client.post("/signin/password", data=form)


def guess(site, email: str, times: int) -> list[str]:
    """Wrong passwords for ``email``, each from another network address and browser."""
    answers = []
    for n in range(times):
        attempt = PasswordTry(email, "guess", f"10.0.0.{n}", browser=f"b{n}")
        try:
            sign_in_with_password(site, attempt)
        except TooManyTries:
            answers.append("429")
        except SignInRefused:
            answers.append("SignInRefused")
    return answers


def test_guessing_from_many_addresses_does_not_keep_the_owner_out(site, mail_server) -> None:
    password = add_staff(site)
    own_browser = portal(site)
    assert password_page(own_browser, DESK, password).status_code == 303
    own_browser.post("/signout", data={"csrf": form_token(own_browser, "/reception/expected")})

    answers = guess(site, DESK, 12)

    assert answers == ["SignInRefused"] * 4 + ["429"] * 8, "the sign-in above counted too"
    assert [alert.reason for alert in open_alerts(site)] == [AlertReason.PASSWORD_GUESSING]
    assert password_page(own_browser, DESK, password).status_code == 303, "a known device"
    new_browser = portal(site)
    assert password_page(new_browser, DESK, password).status_code == 429
    assert password_page(new_browser, DESK, "guess").status_code == 429
    assert ask_on_page(new_browser, DESK).status_code == 200
    secret = link_secret(messages_to(mail_server, DESK)[-1])
    assert use_link(new_browser, secret).status_code == 303, "an emailed link"
    assert new_browser.get("/reception/expected").status_code == 200


def test_a_known_devices_mark_is_no_use_in_another_browser_or_for_another_account(site):
    password = add_staff(site)
    own = portal(site)
    password_page(own, DESK, password)
    stolen = own.cookies.get("kiosk_device")
    guess(site, DESK, 6)
    other = portal(site)
    other.cookies.set("kiosk_device", stolen)
    assert password_page(other, DESK, password).status_code == 429


@pytest.mark.parametrize(
    "spellings",
    [
        ["rina@menara.example", "RINA@menara.example", "Rina@MENARA.EXAMPLE"],
        [
            "\uff52\uff49\uff4e\uff41@menara.example",
            "rina@\uff4d\uff45\uff4e\uff41\uff52\uff41.example",
        ],
        ["rina@menara\u3002example", "rina@menara\uff0eexample", "RINA@menara\uff61example"],
    ],
)
def test_look_alike_spellings_of_one_email_share_its_limit(site, spellings) -> None:
    answers = []
    for n in range(6):
        try:
            ask_for_link(site, spellings[n % len(spellings)], f"10.1.0.{n}")
            answers.append(200)
        except TooManyTries:
            answers.append(429)
    assert answers == [200] * 5 + [429]


def test_refusals_are_folded_into_one_entry_a_minute_with_their_count(site) -> None:
    before = audit_actions(site)
    for _ in range(30):
        with pytest.raises(SignInRefused):
            open_session(site, "A" * 43, "10.2.0.1", browser="b")
    for _ in range(4):
        with pytest.raises(SignInRefused):
            open_session(site, "B" * 43, "10.2.0.2", browser="b")
    assert audit_actions(site) == before, "nothing written to the log while it goes on"
    assert sorted(folded_refusals(site)) == ["bad_link x30 from source", "bad_link x4 from source"]


def test_past_the_limit_a_refusal_writes_nothing_to_the_log(site) -> None:
    for n in range(5):
        ask_for_link(site, f"guess{n}@menara.example", "10.3.0.1")
    before = audit_actions(site)
    for _ in range(50):
        with pytest.raises(TooManyTries):
            ask_for_link(site, "rina@menara.example", "10.3.0.1")
    assert audit_actions(site) == before
    assert folded_refusals(site) == ["too_many_tries x50 from source"]


def test_asking_for_a_link_does_the_same_work_for_a_host_as_for_anyone(site) -> None:
    """The host is looked up, and the link made, after the answer: the statements run before
    it are the same whether the email is a host's or not."""

    def statements(email: str, address: str) -> list[str]:
        seen: list[str] = []

        def keep(_conn, _cursor, statement, *_args) -> None:
            seen.append(statement)

        event.listen(Engine, "before_cursor_execute", keep)
        try:
            ask_for_link(site, email, address)
        finally:
            event.remove(Engine, "before_cursor_execute", keep)
        return seen

    assert statements("rina@menara.example", "10.4.0.1") == statements(
        "nobody@menara.example", "10.4.0.2"
    )
