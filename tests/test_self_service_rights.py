"""A guest uses their rights themselves on ``/privacy``: a link sent only to an address the
site holds, once and for 24 hours; the same answer for an address it does not hold; asks
limited in the database (across workers); their data in words, downloaded; a consent
withdrawn at once; an erasure asked of staff, on a 3 x 24 hour clock whose last day raises an
alert. On both backends."""

import json
import re
from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk import clock
from kiosk.errors import InvitationError
from kiosk.privacy.site_policy import site_policy
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.arrival import arrive
from kiosk.services.reception.alerts import open_alerts
from kiosk.services.retention.purge import purge
from kiosk.services.rights.export_page import render_export
from kiosk.services.rights.request_clock import alert_due_requests
from kiosk.services.rights.requests import PersonQuery, erase_people, export_people, find_people
from kiosk.services.rights.self_service import (
    ANSWER_WITHIN,
    PrivacyLinkRefused,
    TooManyRequests,
    ask_for_privacy_link,
    ask_staff,
    new_privacy_link,
    open_privacy_link,
    proved_person,
)
from kiosk.services.visits.admission import ConsentGiven
from kiosk.services.visits.check_in import IdShown, check_in
from kiosk.services.visits.check_out import check_out
from tests.builders import (
    DURING,
    SUITE_NOW,
    found_in_database,
    print_badges,
    request,
    run,
    send_mail,
)
from tests.portal_client import FORM_TOKEN, form_token, messages_to, portal, staff_signed_in
from tests.test_portal_staff import DESK, add_staff

SITI = "siti@tamu.example"
LINK = re.compile(r"https?://\S+/privacy/link/(\S+)")
ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def guest_with_consent(site) -> None:
    """Siti, who visited: she ticked the marketing consent at the kiosk, and has left."""
    site.gateway.policy = site_policy(replace(site.settings, privacy_enable=("visitor-marketing",)))
    invitation = invite(site, request(), "staff:test")
    ticked = (ConsentGiven("visitor-marketing", "Kirimi saya kabar"),)
    visit = check_in(site, invitation.id, consents=ticked, now=DURING).visit
    check_out(site, visit.id, now=DURING + timedelta(hours=1))


def ask(client, email: str):
    return client.post("/privacy", data={"email": email, "csrf": form_token(client, "/privacy")})


def confirmed(client, path: str, **form: str):
    """Posts ``form`` to ``path``, answers the confirmation page's yes, and returns that."""
    token = form_token(client, "/privacy/me")
    question = client.post(path, data=form | {"csrf": token})
    assert question.status_code == 200 and 'name="confirmed" value="yes"' in question.text
    token = FORM_TOKEN.search(question.text).group(1)
    return client.post(path, data=form | {"csrf": token, "confirmed": "yes"})


def fields_held(site) -> set[tuple[str, str]]:
    document = export_people(site, PersonQuery(email=SITI), "staff:test")
    return {(v["field"], v["purpose"]) for p in document["people"] for v in p["values"]}


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_guest_sees_their_data_withdraws_a_consent_and_asks_for_erasure(
    site, mail_server, language: str
) -> None:
    guest_with_consent(site)
    client = portal(site, language)
    assert ask(client, SITI).status_code == 200
    (message,) = messages_to(mail_server, SITI)
    secret = LINK.search(message.get_content()).group(1)

    token = form_token(client, f"/privacy/link/{secret}")
    opened = client.post("/privacy/link", data={"secret": secret, "csrf": token})
    assert opened.status_code == 303 and opened.headers["location"] == "/privacy/me"
    page = client.get("/privacy/me")
    assert page.status_code == 200 and "Siti Rahmawati" in page.text
    for code in ("visitor.name", "staff_entered", "host_preregistered", "capture"):
        assert f">{code}" not in page.text and f" {code}<" not in page.text, code
    assert not ISO_TIME.search(page.text), "times are local and in words, not ISO strings"
    download = client.get("/privacy/me/data.json")
    assert "attachment" in download.headers["content-disposition"]
    assert json.loads(download.text)["people"][0]["reference"]

    assert ("visitor.email", "visitor-marketing") in fields_held(site)
    assert confirmed(client, "/privacy/me/withdraw", purpose="visitor-marketing").status_code == 303
    assert ("visitor.email", "visitor-marketing") not in fields_held(site), "stopped at once"

    assert confirmed(client, "/privacy/me/request", kind="erasure").status_code == 303
    (erasure,) = [r for r in site_requests(site) if r.kind == "erasure"]
    assert erasure.answered_at is None and erasure.due_at - erasure.proved_at == ANSWER_WITHIN
    assert erasure.proof == "email_link"
    assert "Siti" not in erasure.subject_ref
    shown = client.get("/privacy/me").text
    assert "Erase my data" in shown or "Hapus data saya" in shown

    again = portal(site, language)
    token = form_token(again, f"/privacy/link/{secret}")
    assert again.post("/privacy/link", data={"secret": secret, "csrf": token}).status_code == 400
    assert again.get("/privacy/me").status_code == 303, "another browser has no session"


def site_requests(site):
    with site.unit_of_work() as uow:
        return uow.rights.requests(site.site.id)


def test_an_address_the_site_does_not_hold_gets_the_same_page_and_no_email(
    site, mail_server
) -> None:
    guest_with_consent(site)
    known, unknown = ask(portal(site), SITI), ask(portal(site), "nobody@tamu.example")
    assert known.status_code == unknown.status_code == 200
    assert FORM_TOKEN.sub("", known.text) == FORM_TOKEN.sub("", unknown.text)
    assert len(messages_to(mail_server, SITI)) == 1
    assert messages_to(mail_server, "nobody@tamu.example", timeout=1) == []
    ask(portal(site), "Siti@TAMU.example")
    assert len(messages_to(mail_server, SITI, wanted=2)) == 2, "to the address as it is held"
    assert [m["To"] for m in mail_server.inbox.messages] == [SITI, SITI]


def test_a_link_works_once_and_never_after_24_hours(site) -> None:
    guest_with_consent(site)
    late = new_privacy_link(site, SITI, "id", now=DURING)
    with pytest.raises(PrivacyLinkRefused):
        open_privacy_link(site, late.link.rsplit("/", 1)[1], now=DURING + timedelta(hours=24))

    link = new_privacy_link(site, SITI, "id", now=DURING)
    secret = link.link.rsplit("/", 1)[1]
    proved = open_privacy_link(site, secret, now=DURING + timedelta(hours=23))
    with pytest.raises(PrivacyLinkRefused):
        open_privacy_link(site, secret, now=DURING + timedelta(hours=23))
    hour_later = DURING + timedelta(hours=24, minutes=1)
    assert proved_person(site, proved.session_secret, now=DURING + timedelta(hours=23)) is not None
    assert proved_person(site, proved.session_secret, now=hour_later) is None


def test_the_sixth_ask_in_an_hour_is_refused_whichever_worker_answers(site) -> None:
    other_worker = open_kiosk(site.settings)
    workers = [site, other_worker] * 3
    for n, worker in enumerate(workers[:5]):
        ask_for_privacy_link(worker, f"guest{n}@tamu.example", "10.1.2.3", now=DURING)
    with pytest.raises(TooManyRequests):
        ask_for_privacy_link(workers[5], "guest5@tamu.example", "10.1.2.3", now=DURING)
    for n, worker in enumerate(workers[:5]):
        ask_for_privacy_link(worker, SITI, f"10.9.9.{n}", now=DURING)
    with pytest.raises(TooManyRequests):
        ask_for_privacy_link(other_worker, SITI, "10.9.9.9", now=DURING)
    an_hour_on = DURING + timedelta(hours=1, seconds=1)
    ask_for_privacy_link(other_worker, "guest6@tamu.example", "10.1.2.3", now=an_hour_on)


def test_the_page_answers_429_past_the_limit(site, mail_server) -> None:
    client = portal(site)
    answers = [ask(client, f"guest{n}@tamu.example").status_code for n in range(6)]
    assert answers == [200] * 5 + [429]


def test_reception_is_told_when_a_request_has_a_day_left(site) -> None:
    guest_with_consent(site)
    link = new_privacy_link(site, SITI, "en", now=DURING)
    proved = open_privacy_link(site, link.link.rsplit("/", 1)[1], now=DURING)
    ask_staff(site, proved_person(site, proved.session_secret, now=DURING), "erasure", now=DURING)

    assert alert_due_requests(site, now=DURING + timedelta(hours=47)) == 0
    assert AlertReason.REQUEST_DUE not in [a.reason for a in open_alerts(site)]
    assert alert_due_requests(site, now=DURING + timedelta(hours=48)) == 1
    assert AlertReason.REQUEST_DUE in [a.reason for a in open_alerts(site)]
    assert alert_due_requests(site, now=DURING + timedelta(hours=49)) == 0, "told once"


def test_at_72_hours_the_request_is_overdue_in_the_desk_the_report_and_the_list(site) -> None:
    guest_with_consent(site)
    link = new_privacy_link(site, SITI, "en")
    proved = open_privacy_link(site, link.link.rsplit("/", 1)[1])
    ask_staff(site, proved_person(site, proved.session_secret), "erasure")
    assert "0 overdue" in run(site, "requests", "list", "--overdue").output

    clock.set_now(SUITE_NOW + timedelta(hours=47, minutes=58))
    assert alert_due_requests(site) == 0
    clock.set_now(SUITE_NOW + timedelta(hours=48, minutes=1))
    assert alert_due_requests(site) == 1
    clock.set_now(SUITE_NOW + ANSWER_WITHIN + timedelta(minutes=1))
    listed = run(site, "requests", "list", "--overdue")
    assert listed.exit_code == 0 and "1 overdue" in listed.output and "erasure" in listed.output
    reported = run(site, "requests", "report").output
    assert re.search(r"overdue now\s*│?\s*1", reported), reported
    assert re.search(r"outcome: open\s*│?\s*1", reported), reported
    ropa = run(site, "policy", "ropa", "--format", "md").output
    requests = ropa.split("## Data-subject requests made on /privacy")[1]
    assert "| kind: erasure | 1 |" in requests and "| overdue now | 1 |" in requests
    assert "kept 1095 days after each answer" in requests
    desk = staff_signed_in(site, DESK, add_staff(site, "admin"))
    waiting = desk.get("/admin/requests").text
    assert "overdue by 1 h" in waiting and "Siti Rahmawati" in waiting


def test_a_refusal_says_why_and_the_guest_is_told(site, mail_server) -> None:
    guest_with_consent(site)
    link = new_privacy_link(site, SITI, "en")
    proved = open_privacy_link(site, link.link.rsplit("/", 1)[1])
    ask_staff(site, proved_person(site, proved.session_secret), "objection")
    desk = staff_signed_in(site, DESK, add_staff(site, "admin"))
    (waiting,) = [r for r in site_requests(site) if r.kind == "objection"]
    answer = {"request": str(waiting.id), "csrf": form_token(desk, "/admin/requests")}

    unsaid = desk.post("/admin/requests/answer", data=answer | {"outcome": "refused"})
    assert unsaid.status_code == 400 and "the law the refusal rests on" in unsaid.text
    assert [r.answered_at for r in site_requests(site) if r.kind == "objection"] == [None]
    why = ("UU PDP Pasal 33: the visit log is kept for the building's security. " * 3)[:200]
    assert len(why) == 200, "as long as a reason may be"
    said = desk.post("/admin/requests/answer", data=answer | {"outcome": "refused", "reason": why})
    assert said.status_code == 200 and "The request is answered." in said.text
    (answered,) = [r for r in site_requests(site) if r.kind == "objection"]
    assert (answered.outcome, answered.reason) == ("refused", why)
    (told,) = [m for m in messages_to(mail_server, SITI, wanted=2) if "request" in m["Subject"]]
    assert "We have refused it." in told.get_content() and why in told.get_content()


def test_once_erased_the_guest_is_told_nothing_is_held(site) -> None:
    guest_with_consent(site)
    link = new_privacy_link(site, SITI, "en")
    client = portal(site)
    token = form_token(client, f"/privacy/link/{link.link.rsplit('/', 1)[1]}")
    client.post("/privacy/link", data={"secret": link.link.rsplit("/", 1)[1], "csrf": token})
    assert "Siti Rahmawati" in client.get("/privacy/me").text
    assert confirmed(client, "/privacy/me/request", kind="restriction").status_code == 303
    erase_people(site, PersonQuery(email=SITI), "staff:test")
    after = client.get("/privacy/me")
    assert after.status_code == 200 and "We hold nothing about you now." in after.text
    assert "Siti" not in after.text

    desk = staff_signed_in(site, DESK, add_staff(site, "admin"))
    assert "(erased)" in desk.get("/admin/requests").text, "the request outlives the person"
    (waiting,) = [r for r in site_requests(site) if r.kind == "restriction"]
    done = {"request": str(waiting.id), "outcome": "done"}
    token = form_token(desk, "/admin/requests")
    assert desk.post("/admin/requests/answer", data=done | {"csrf": token}).status_code == 200
    assert [r.outcome for r in site_requests(site) if r.kind == "restriction"] == ["done"]


def test_an_answered_request_goes_when_its_records_retention_ends(site) -> None:
    """The registry keeps the record of requests three years after each answer; an open one
    is kept until it is answered."""
    kept = timedelta(days=site.gateway.registry.requests_record.days)
    guest_with_consent(site)
    link = new_privacy_link(site, SITI, "en", now=DURING)
    proved = proved_person(
        site,
        open_privacy_link(site, link.link.rsplit("/", 1)[1], now=DURING).session_secret,
        now=DURING,
    )
    ask_staff(site, proved, "restriction", now=DURING)
    assert [r.kind for r in site_requests(site)] == ["access", "restriction"]

    just_before = purge(site, now=DURING + kept - timedelta(minutes=1))
    assert just_before.requests == 0 and len(site_requests(site)) == 2
    clock.set_now(DURING + kept + timedelta(minutes=1))
    over = run(site, "purge")
    assert "purged 1 answered requests" in over.output
    assert [r.kind for r in site_requests(site)] == ["restriction"], "still open: kept"


def signed_in_guest(site, language: str = "en"):
    """A browser in which Siti opened her link."""
    secret = new_privacy_link(site, SITI, language).link.rsplit("/", 1)[1]
    client = portal(site, language)
    token = form_token(client, f"/privacy/link/{secret}")
    client.post("/privacy/link", data={"secret": secret, "csrf": token})
    return client


def held_values(site) -> dict[tuple[str, str], object]:
    with site.unit_of_work() as uow:
        (subject,) = find_people(uow, site, PersonQuery(email=SITI))
        return site.gateway.values(uow, subject)


def fields_of(site, field: str) -> list[str]:
    """The purposes the guest's ``field`` is held for."""
    return [purpose for held, purpose in held_values(site) if held == field]


def correct(client, field: str, value: str):
    token = form_token(client, "/privacy/me")
    return client.post("/privacy/me/correct", data={"field": field, "value": value, "csrf": token})


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_typed_value_is_corrected_at_once_and_the_old_one_is_gone(site, language) -> None:
    guest_with_consent(site)
    client = signed_in_guest(site, language)
    page = client.get("/privacy/me").text
    assert len(fields_of(site, "visitor.email")) == 2, "for identification and for news"
    assert page.count('name="field" value="visitor.email"') == 1, "one form corrects both"
    refused = correct(client, "visitor.email", "not an address")
    assert refused.status_code == 400 and 'id="privacy-error"' in refused.text
    assert {v for (f, _), v in held_values(site).items() if f == "visitor.email"} == {SITI}

    answer = correct(client, "visitor.name", "Siti Rahmawati Putri")
    assert answer.status_code == 303 and answer.headers["location"].endswith("done=corrected")
    held = held_values(site)
    names = {value for (field, _), value in held.items() if field == "visitor.name"}
    assert names == {"Siti Rahmawati Putri"}, "every purpose's copy corrected"
    assert found_in_database([b"Siti Rahmawati\x00"], site.settings.database_url) == []
    (asked,) = [r for r in site_requests(site) if r.kind == "correction"]
    assert (asked.field, asked.outcome) == ("visitor.name", "done")
    page = client.get("/privacy/me").text
    assert "Siti Rahmawati Putri" in page
    trail = export_people(site, PersonQuery(email=SITI), "staff:test")["people"][0]["trail"]
    assert "correction" in [entry["action"] for entry in trail]


def test_a_name_an_id_check_confirmed_is_corrected_by_staff(site, mail_server) -> None:
    checking = replace(site, settings=replace(site.settings, verification="id_match"))
    made = invite(checking, request(id_type="passport", id_last4="7Q2Z"), "staff:test")
    assert check_in(checking, made.id, shown=IdShown("passport", "7Q2Z"), now=DURING).badge
    client = signed_in_guest(site)
    answer = correct(client, "visitor.name", "Siti R. Putri")
    assert answer.headers["location"].endswith("done=correction")
    assert held_values(site)["visitor.name", "visitor-identification"] == "Siti Rahmawati"
    (asked,) = [r for r in site_requests(site) if r.kind == "correction"]
    assert asked.answered_at is None and asked.field == "visitor.name"

    desk = staff_signed_in(site, DESK, add_staff(site, "admin"))
    assert "Correct my data: Name" in desk.get("/admin/requests").text
    opened = desk.post(
        "/admin/requests",
        data={"request": str(asked.id), "csrf": form_token(desk, "/admin/requests")},
    )
    assert 'name="value"' in opened.text
    answer = {"request": str(asked.id), "csrf": form_token(desk, "/admin/requests")}
    unsaid = desk.post("/admin/requests/answer", data=answer | {"outcome": "done"})
    assert unsaid.status_code == 400 and "Type the corrected value" in unsaid.text
    assert [r.answered_at for r in site_requests(site) if r.kind == "correction"] == [None]
    done = desk.post(
        "/admin/requests/answer", data=answer | {"outcome": "done", "value": "Siti R. Putri"}
    )
    assert done.status_code == 200 and "The request is answered." in done.text
    assert held_values(site)["visitor.name", "visitor-identification"] == "Siti R. Putri"
    (told,) = [m for m in messages_to(mail_server, SITI, wanted=2) if "request" in m["Subject"]]
    assert "Correct my data" in told.get_content()


def test_an_upheld_objection_stops_what_rests_on_legitimate_interests_alone(site) -> None:
    guest_with_consent(site)
    client = signed_in_guest(site)
    assert confirmed(client, "/privacy/me/request", kind="objection").status_code == 303
    (asked,) = [r for r in site_requests(site) if r.kind == "objection"]
    bases = {key: str(p.basis) for key, p in site.gateway.registry.purposes.items()}
    assert "legitimate_interests" in {bases[purpose] for _, purpose in fields_held(site)}

    desk = staff_signed_in(site, DESK, add_staff(site, "admin"))
    answer = {"request": str(asked.id), "outcome": "done"}
    token = form_token(desk, "/admin/requests")
    assert desk.post("/admin/requests/answer", data=answer | {"csrf": token}).status_code == 200
    left = {bases[purpose] for _, purpose in fields_held(site)}
    assert left == {"consent"}, "the marketing consent she gave stays until she withdraws it"


def test_an_objection_is_not_upheld_while_the_guest_is_in_the_building(site) -> None:
    """Upheld, it would take their name off the roll call unseen."""
    check_in(site, invite(site, request(), "staff:test").id, now=DURING)
    client = signed_in_guest(site)
    assert confirmed(client, "/privacy/me/request", kind="objection").status_code == 303
    (asked,) = [r for r in site_requests(site) if r.kind == "objection"]
    desk = staff_signed_in(site, DESK, add_staff(site, "admin"))
    answer = {"request": str(asked.id), "outcome": "done"}
    refused = desk.post(
        "/admin/requests/answer", data=answer | {"csrf": form_token(desk, "/admin/requests")}
    )
    assert refused.status_code == 400 and "in the building" in refused.text
    assert [r.outcome for r in site_requests(site) if r.kind == "objection"] == [None]


def test_a_restriction_done_keeps_the_data_and_stops_what_is_done_with_it(
    site, mail_server
) -> None:
    coming = invite(site, request(day=(DURING + timedelta(days=2)).date()), "staff:test")
    client = signed_in_guest(site)
    assert confirmed(client, "/privacy/me/request", kind="restriction").status_code == 303
    (asked,) = [r for r in site_requests(site) if r.kind == "restriction"]
    held_before = held_values(site)

    desk = staff_signed_in(site, DESK, add_staff(site, "admin"))
    answer = {"request": str(asked.id), "outcome": "done"}
    token = form_token(desk, "/admin/requests")
    assert desk.post("/admin/requests/answer", data=answer | {"csrf": token}).status_code == 200
    assert held_values(site) == held_before, "kept, untouched"
    with pytest.raises(InvitationError):
        arrive(site, coming.token)
    assert str(send_mail(site, now=DURING)) == "nothing due", "the invitation is not sent"
    (told,) = [m for m in messages_to(mail_server, SITI) if "request" in m["Subject"]]
    assert "Restrict the processing of my data" in told.get_content()


RECEIVED = re.compile(r'<ul class="guests received">(.*?)</ul>', re.S)


def received_on(client) -> list[str]:
    """Who the guest's page says received their data, in order."""
    listed = RECEIVED.search(client.get("/privacy/me").text)
    return re.findall(r'<span class="name">([^<]*)</span>', listed.group(1)) if listed else []


def test_the_guest_sees_who_actually_received_their_data(site, mail_server) -> None:
    invitation = invite(site, request(), "staff:test")
    assert send_mail(site, now=DURING - timedelta(hours=2)).counts == {"sent": 1}
    check_in(site, invitation.id, now=DURING)
    assert print_badges(site, now=DURING).counts == {"sent": 1}
    client = signed_in_guest(site)
    kiosk = site.settings.kiosk_id
    assert received_on(client) == [
        "You, by email: your invitation",
        f"The badge printer of kiosk {kiosk}: your badge, with your name",
    ], "the host's arrival email is not sent yet, so the host has not received it"

    assert send_mail(site, now=DURING + timedelta(minutes=1)).counts == {"sent": 1}
    assert received_on(client)[-1] == (
        "Your host, by email: the news that you arrived, with your name"
    )
    document = export_people(site, PersonQuery(email=SITI), "staff:test")
    (person,) = document["people"]
    assert [sent["template"] for sent in person["received"]] == ["invitation", "badge", "arrival"]
    assert "Tuan rumah Anda, lewat email" in render_export(document)
