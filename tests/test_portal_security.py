"""The portal's protections, each shown to fail closed: sign-in links, sessions, form tokens,
rate limits, headers, other hosts' guests, escaping. On both backends."""

import re
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from kiosk import clock
from kiosk.services.directory.hosts import add_host, deactivate_host
from kiosk.services.invitations.invite import invite
from kiosk.web.app import create_app
from tests.builders import SUITE_NOW, TOMORROW, member, request
from tests.portal_client import (
    ask_for_link,
    form_token,
    invite_form,
    link_secret,
    messages_to,
    portal,
    signed_in,
    use_link,
)


def add_second_host(site) -> None:
    with site.unit_of_work() as uow:
        add_host(uow, site, member("Budi Santoso", "budi@menara.example"), "staff:test")
        uow.commit()


def audit_actions(site) -> list[str]:
    from sqlalchemy import select

    from kiosk.store.privacy_models import AuditEntry

    with site.unit_of_work() as uow:
        return list(uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def folded_refusals(site) -> list[str]:
    """The audit log's refusal entries once the minute is over (refusals are folded into one
    entry per source and reason a minute): each says what, how many, from which source."""
    from sqlalchemy import select

    from kiosk.services.portal.sign_in import fold_refusals
    from kiosk.store.privacy_models import AuditEntry

    fold_refusals(site, clock.utc_now() + timedelta(minutes=1, seconds=1))
    with site.unit_of_work() as uow:
        query = select(AuditEntry.detail).where(AuditEntry.action == "portal_sign_in_refused")
        return [re.sub(r"source \w+ in .*", "source", d) for d in uow.session.scalars(query)]


def test_health_answers_ok_without_personal_data(site):
    answer = portal(site).get("/healthz")
    assert answer.status_code == 200
    assert answer.text == "ok"


def test_a_host_signs_in_by_the_emailed_link_and_sees_their_guests(site, mail_server):
    invite(site, request(name="Siti Rahmawati"), "staff:test")
    client = portal(site)
    assert client.get("/invitations").headers["location"] == "/signin"

    asked = ask_for_link(client, "RINA@menara.example")
    (message,) = [m for m in mail_server.inbox.messages if "/signin/link/" in m.get_content()]
    assert message["To"] == "rina@menara.example"
    assert use_link(client, link_secret(message)).headers["location"] == "/"
    assert client.get("/").headers["location"] == "/invitations"

    page = client.get("/invitations")
    assert asked.status_code == 200
    assert page.status_code == 200
    assert "Siti Rahmawati" in page.text
    assert "portal_sign_in" in audit_actions(site)


def test_an_email_not_in_the_directory_gets_the_same_answer_and_no_email(site, mail_server):
    known = ask_for_link(portal(site), "rina@menara.example")
    sent = len(mail_server.inbox.messages)
    unknown = ask_for_link(portal(site), "nobody@menara.example")

    assert unknown.status_code == known.status_code == 200
    assert unknown.text.replace(form_token_of(unknown), "") == known.text.replace(
        form_token_of(known), ""
    )
    assert len(mail_server.inbox.messages) == sent


def form_token_of(page) -> str:
    import re

    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    return found.group(1) if found else ""


def test_a_link_works_once(site, mail_server):
    ask_for_link(portal(site), "rina@menara.example")
    secret = link_secret(mail_server.inbox.messages[-1])
    assert use_link(portal(site), secret).status_code == 303

    again = use_link(portal(site), secret)

    assert again.status_code == 400
    assert "used or has expired" in again.text
    assert folded_refusals(site) == ["bad_link x1 from source"]


def test_a_link_older_than_15_minutes_is_refused(site, mail_server):
    asked_at = clock.utc_now()
    ask_for_link(portal(site), "rina@menara.example")
    secret = link_secret(mail_server.inbox.messages[-1])
    clock.set_now(asked_at + timedelta(minutes=15, seconds=1))

    assert use_link(portal(site), secret).status_code == 400


def test_a_forged_link_is_refused(site):
    assert use_link(portal(site), "A" * 43).status_code == 400
    client = portal(site)
    empty = client.post("/signin/link", data={"secret": "", "csrf": form_token(client)})
    assert empty.status_code == 400


def test_the_sixth_link_request_in_a_minute_is_refused_per_email(site, mail_server):
    first_try = clock.utc_now()
    answers = [ask_for_link(portal(site), "rina@menara.example").status_code for _ in range(6)]

    assert answers == [200] * 5 + [429]
    assert len(mail_server.inbox.messages) == 5
    assert folded_refusals(site) == ["too_many_tries x1 from source"]
    clock.set_now(first_try + timedelta(minutes=1, seconds=1))
    assert ask_for_link(portal(site), "rina@menara.example").status_code == 200


def test_the_sixth_link_request_in_a_minute_is_refused_per_address(site):
    client = portal(site)
    answers = [ask_for_link(client, f"guess{n}@menara.example").status_code for n in range(6)]

    assert answers == [200] * 5 + [429]
    assert "Wait a minute" in ask_for_link(client, "rina@menara.example").text


@pytest.mark.parametrize("token", [None, "", "0" * 64])
def test_a_form_without_this_browsers_token_is_refused(site, mail_server, token):
    client = signed_in(site, mail_server)
    form = invite_form(client)
    if token is None:
        del form["csrf"]
    else:
        form["csrf"] = token

    refused = client.post("/invitations/new", data=form)

    assert refused.status_code == 403
    assert "did not come from this page" in refused.text
    assert "Siti" not in client.get("/invitations").text


def test_a_token_from_another_browser_is_refused(site, mail_server):
    client = signed_in(site, mail_server)
    other_token = form_token(portal(site))

    answer = client.post("/invitations/new", data=invite_form(client) | {"csrf": other_token})

    assert answer.status_code == 403


def test_a_browser_cookie_set_by_another_site_cannot_make_a_signed_in_persons_forms(
    site, mail_server
):
    """A sibling site on the same domain sets the victim's browser cookie to a value it knows,
    and takes the form token that value gives: the token no longer matches once the victim
    has a session, and under HTTPS the cookie is host-only (``__Host-``), so it cannot be set."""
    attacker = portal(site)
    tossed_token = form_token(attacker)
    victim = signed_in(site, mail_server)
    victim.cookies.set("kiosk_browser", attacker.cookies.get("kiosk_browser"))

    answer = victim.post("/invitations/new", data=invite_form(victim) | {"csrf": tossed_token})

    assert answer.status_code == 403
    assert "Siti" not in victim.get("/invitations").text


def test_session_cookies_are_http_only_same_site_and_secure_behind_https(site, mail_server):
    from dataclasses import replace

    site = replace(site, settings=replace(site.settings, portal_url="https://visitors.example"))
    client = portal(site)
    ask_for_link(client, "rina@menara.example")
    answer = use_link(client, link_secret(mail_server.inbox.messages[-1]))

    cookie = answer.headers["set-cookie"]
    assert "kiosk_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" in cookie
    browser = portal(site).get("/signin").headers["set-cookie"]
    assert browser.startswith("__Host-kiosk_browser=") and "Secure" in browser
    assert "Domain" not in browser and "Path=/" in browser


@pytest.mark.parametrize("path", ["/signin", "/invitations", "/invitations/new", "/nowhere"])
def test_every_page_forbids_script_framing_sniffing_and_caching(site, mail_server, path):
    page = signed_in(site, mail_server).get(path)
    headers = page.headers

    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self';" in policy, "only the portal's own script files"
    assert "unsafe" not in policy
    if page.status_code != 303:  # a signed-in person who opens /signin is sent on
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
        assert scripts and all('src="/static/' in attrs and not body for attrs, body in scripts)
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"


def test_another_hosts_guest_is_not_found_on_every_route(site, mail_server):
    add_second_host(site)
    made = invite(site, request(host_email="budi@menara.example"), "staff:test")
    client = signed_in(site, mail_server)
    token = form_token(client, "/invitations")

    answers = [
        client.get(f"/invitations/{made.id}").status_code,
        client.post(f"/invitations/{made.id}/cancel", data={"csrf": token}).status_code,
        client.post(f"/invitations/{made.id}/resend", data={"csrf": token}).status_code,
        client.post(
            f"/invitations/{made.id}/time", data={"csrf": token, "day": TOMORROW.isoformat()}
        ).status_code,
        client.get("/invitations/not-a-number").status_code,
        client.get(f"/invitations/{made.id + 1000}").status_code,
    ]

    assert answers == [404] * 6
    assert "Siti" not in client.get("/invitations").text
    budi = signed_in(site, mail_server, "budi@menara.example")
    assert "Invited" in budi.get(f"/invitations/{made.id}").text


def test_a_name_written_as_markup_is_shown_as_text(site, mail_server):
    client = signed_in(site, mail_server)
    probe = '<script>alert("x")</script><img src=x onerror=alert(1)>'

    made = client.post("/invitations/new", data=invite_form(client, name=probe))
    page = client.get(made.headers["location"])

    assert made.status_code == 303
    assert "<script>" not in page.text
    assert "&lt;script&gt;" in page.text
    assert "<img src=x" not in client.get("/invitations").text


@pytest.mark.parametrize(
    ("fields", "beside"),
    [
        ({"email": "not an email"}, "email"),
        ({"name": ""}, "name"),
        ({"day": "2026-13-45"}, "day"),
        ({"day": "2020-01-01"}, "day"),
        ({"start": "25:99"}, "start"),
        ({"start": "11:00", "end": "09:00"}, "day"),
        ({"type": "party"}, None),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_stored(
    site, mail_server, fields, beside
):
    client = signed_in(site, mail_server)

    answer = client.post("/invitations/new", data=invite_form(client, **fields))

    if beside is None:  # an unknown kind of visit is taken as the first kind
        assert answer.status_code == 303
        return
    assert answer.status_code == 400
    assert f'id="{beside}-error"' in answer.text
    assert "Siti Rahmawati" not in client.get("/invitations").text


def test_a_host_cancels_and_resends_their_own_invitation(site, mail_server):
    client = signed_in(site, mail_server)
    made = client.post("/invitations/new", data=invite_form(client)).headers["location"]
    token = form_token(client, made)
    invitations = [m for m in mail_server.inbox.messages if m["To"] == "siti@tamu.example"]
    assert len(invitations) == 1

    assert client.post(f"{made}/resend", data={"csrf": token}).status_code == 303
    asked = client.post(f"{made}/cancel", data={"csrf": token})
    assert asked.status_code == 200 and "Cancel this invitation?" in asked.text
    assert '<p class="about" dir="auto">Siti Rahmawati</p>' in asked.text, "it says whose"
    assert "Cancelled" not in client.get(made).text, "nothing is done before the yes"
    yes = {"csrf": form_token(client, made), "confirmed": "yes"}
    assert client.post(f"{made}/cancel", data=yes).status_code == 303
    again = client.post(f"{made}/cancel", data=yes)

    sent = [m for m in mail_server.inbox.messages if m["To"] == "siti@tamu.example"]
    assert len(sent) == 2
    assert "Cancelled" in client.get(made).text
    assert again.status_code == 400


def test_the_portal_is_no_mail_relay(site, mail_server):
    """A host resent one invitation 30 times with a name of their choosing: now three times an
    hour per invitation and twenty per host, each audited, and a name holds no link or number."""
    client = signed_in(site, mail_server)
    lure = invite_form(client, name="Your account is locked, call +62 812 3456 7890")
    refused = client.post("/invitations/new", data=lure)
    assert refused.status_code == 400 and "Please check: Name" in refused.text
    assert "locked" not in client.get("/invitations").text

    made = client.post("/invitations/new", data=invite_form(client)).headers["location"]
    token = form_token(client, made)
    answers = [client.post(f"{made}/resend", data={"csrf": token}) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [303, 303, 303, 400]
    assert "sent again often in the last hour" in answers[-1].text
    assert audit_actions(site).count("invitation_change") == 3

    later = clock.utc_now() + timedelta(hours=1, minutes=1)
    clock.set_now(later)
    assert client.post(f"{made}/resend", data={"csrf": token}).status_code == 303


def test_a_host_resends_twenty_invitations_an_hour_at_most(site, mail_server):
    client = signed_in(site, mail_server)
    answers = []
    for n in range(7):
        form = invite_form(client, name=f"Tamu {chr(65 + n)}", email=f"t{n}@tamu.example")
        made = client.post("/invitations/new", data=form).headers["location"]
        token = form_token(client, made)
        answers += [client.post(f"{made}/resend", data={"csrf": token}).status_code for _ in "abc"]
    assert answers == [303] * 20 + [400]


def test_a_session_ends_when_the_host_leaves_the_directory(site, mail_server):
    client = signed_in(site, mail_server)
    assert client.get("/invitations").status_code == 200

    deactivate_host(site, "rina@menara.example", "staff:test")

    assert client.get("/invitations").headers["location"] == "/signin"


def test_a_session_ends_after_two_idle_hours_and_after_twelve_hours(site, mail_server):
    client = signed_in(site, mail_server)
    for hours in range(1, 12):
        clock.set_now(SUITE_NOW + timedelta(hours=hours, minutes=50))
        assert client.get("/invitations").status_code == 200
    clock.set_now(SUITE_NOW + timedelta(hours=12, minutes=1))
    assert client.get("/invitations").status_code == 303

    idle = signed_in(site, mail_server)
    clock.set_now(SUITE_NOW + timedelta(hours=14, minutes=2))
    assert idle.get("/invitations").status_code == 303


def test_signing_out_ends_the_session_on_the_server(site, mail_server):
    client = signed_in(site, mail_server)
    cookie = client.cookies.get("kiosk_session")

    client.post("/signout", data={"csrf": form_token(client, "/invitations")})
    replayed = portal(site)
    replayed.cookies.set("kiosk_session", cookie)

    assert replayed.get("/invitations").headers["location"] == "/signin"


def test_a_host_moves_their_guest_to_another_time(site, mail_server):
    client = signed_in(site, mail_server)
    made = client.post("/invitations/new", data=invite_form(client)).headers["location"]
    token = form_token(client, made)
    later = (TOMORROW + timedelta(days=1)).isoformat()

    moved = client.post(f"{made}/time", data={"csrf": token, "day": later, "start": "14:00"})
    refused = client.post(f"{made}/time", data={"csrf": token, "day": "2020-01-01"})
    page = client.get(made).text

    assert moved.status_code == 303
    assert refused.status_code == 400
    assert "That time is already over." in refused.text
    assert 'value="14:00"' in page
    assert f'value="{later}"' in page
    sent = messages_to(mail_server, "siti@tamu.example", wanted=2)
    assert len(sent) == 2  # the invitation again, with the new time
    assert "14.00" in sent[-1].get_body(("plain",)).get_content()  # in Indonesian


def test_an_unexpected_fault_is_a_page_and_its_log_holds_no_link(site, monkeypatch, caplog):
    import kiosk.web.sign_in_pages as pages

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pages, "render", broken)
    client = TestClient(create_app(site), raise_server_exceptions=False)
    client.cookies.set("kiosk_lang", "en")
    secret = "Secret-Link-Value-0123456789"

    answer = client.get(f"/signin/link/{secret}")

    assert answer.status_code == 500
    assert "Nothing was changed" in answer.text
    assert answer.headers["cache-control"] == "no-store"
    portal_log = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}"
        for record in caplog.records
        if record.name.startswith("kiosk")  # not the test client's own log of its requests
    )
    assert "disk on fire" in caplog.text  # the fault is logged, with its traceback
    assert "/signin/link/{secret}" in portal_log  # the page, by its pattern
    assert secret not in portal_log


@pytest.mark.parametrize(
    "back", ["//evil.example", "//intranet", "/\\evil.example", "https://evil.example"]
)
def test_the_language_switch_never_sends_a_reader_to_another_site(site, back):
    answer = portal(site).get("/language/id", params={"back": back})

    assert answer.headers["location"] == "/"


def test_the_language_switch_goes_back_to_the_page(site):
    answer = portal(site).get("/language/id", params={"back": "/invitations/new"})

    assert answer.headers["location"] == "/invitations/new"
    assert "kiosk_lang=id" in answer.headers["set-cookie"]
