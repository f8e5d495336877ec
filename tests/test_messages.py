"""Invitations and news reach people where they are, with the outbox's guarantees: a guest
invited with a phone gets their invitation on the site's phone channel, a host who chose a chat
hears of the arrival there, reception's channels get each new alert. A service that is down
delays a message, one that refuses it fails it with its reason, a connection cut after the
request makes it uncertain, and nothing is sent twice; four kiosks draining at once send each
message once. Every service is a receiver on 127.0.0.1."""

import json
import threading
from dataclasses import replace
from datetime import timedelta

import pytest

from kiosk.errors import RefusedInput
from kiosk.privacy.gateway import Source
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.notify_choice import choose_notify, notify_choice
from kiosk.services.invitations.invite import invite
from kiosk.services.outbox.drain import outbox_jobs
from kiosk.services.outbox.senders import Channel, send_due
from kiosk.services.reception.alerts import raise_alert
from kiosk.services.visits.check_in import check_in
from tests.builders import DURING, HOST_EMAIL, host_id, request, run
from tests.message_receiver import Behaviour

PHONE, DIGITS = "0812 3456 7890", "6281234567890"


@pytest.fixture
def site_overrides(receiver) -> dict[str, str]:
    return {
        "notify.guest_phone": receiver.url(path="guests/{phone}"),
        "notify.host_phone": receiver.url(path="hosts/{phone}"),
        "notify.reception": ", ".join(
            (
                receiver.url(path="desk"),
                receiver.url("form", "desk-form"),
                receiver.url("ntfy", "lobby"),
            )
        ),
    }


def send_messages(site, now=DURING):
    return send_due(site, Channel.MESSAGE, now)


def test_a_phone_only_guest_gets_their_invitation_on_the_sites_channel(site, receiver) -> None:
    made = invite(site, request(email=None, phone=PHONE, language="en"), "staff:test")
    assert (made.emailed, made.messaged) == (False, True)
    assert str(send_messages(site)) == "1 sent"
    (sent,) = receiver.received
    assert sent.path == f"/guests/{DIGITS}"
    message = sent.json["message"]
    assert message.startswith("Hello Siti R., Rina Wijaya invites you to Menara Sudirman")
    assert made.guest_page in message and made.guest_page.startswith(site.settings.portal_url)
    assert made.short_code not in message and made.token not in message
    assert str(send_messages(site)) == "nothing due", "sent once"


def test_a_host_who_chose_a_chat_hears_of_the_arrival_there_and_not_by_email(
    site, receiver, mail_server
) -> None:
    own = receiver.url(path="rina-telegram")
    choose_notify(site, host_id(site), "address", own, "host:1", Source.SELF_ENTERED, "id")
    assert notify_choice(site, host_id(site)).address == "JSON (json://…)"
    made = invite(site, request(email=None), "staff:test")
    visit = check_in(site, made.id, now=DURING).visit
    assert [(j.channel, j.template) for j in outbox_jobs(site) if j.template == "arrival"] == [
        ("message", "arrival")
    ]
    send_messages(site)
    (news,) = [r for r in receiver.received if r.path == "/rina-telegram"]
    expected = f"Tamu Anda, Siti R., tiba di Menara Sudirman ({visit.kiosk_id}) pukul 09.30."
    assert news.json["message"] == expected
    assert mail_server.inbox.messages == []


def test_a_host_who_chose_their_phone_hears_on_the_sites_phone_channel(site, receiver) -> None:
    from kiosk.services.directory.hosts import add_host
    from tests.builders import member

    with site.unit_of_work() as uow:
        bayu = add_host(uow, site, member("Bayu Pratama", "bayu@menara.example", phone=PHONE), "t")
        uow.commit()
    choose_notify(site, bayu, "phone", None, "staff:test", Source.STAFF_ENTERED, "en")
    made = invite(site, request(host_email="bayu@menara.example", email=None), "staff:test")
    check_in(site, made.id, now=DURING)
    send_messages(site)
    (news,) = [r for r in receiver.received if r.path.startswith("/hosts/")]
    assert news.path == f"/hosts/{DIGITS}"
    assert news.json["message"].startswith("Tamu Anda, Siti R., tiba di Menara Sudirman")


def test_a_choice_the_site_cannot_carry_out_is_refused(site, receiver) -> None:
    host = host_id(site)
    with pytest.raises(RefusedInput) as unknown:
        choose_notify(site, host, "address", "nosuch://x/y", "t", Source.SELF_ENTERED, "en")
    assert unknown.value.reason == "unknown_address"
    with pytest.raises(RefusedInput) as no_phone:
        choose_notify(site, host, "phone", None, "t", Source.SELF_ENTERED, "en")
    assert no_phone.value.reason == "no_phone_channel"
    assert notify_choice(site, host).via == "email"


def test_reception_gets_each_new_alert_once_on_every_channel(site, receiver) -> None:
    for _ in range(3):
        raise_alert(site, AlertReason.TOO_MANY_CODES)
    raise_alert(site, AlertReason.STAFF_PIN_LOCKED)
    assert str(send_messages(site)) == "6 sent"
    by_channel = sorted(r.json["topic"] if r.path == "/" else r.path for r in receiver.received)
    assert by_channel == ["/desk", "/desk", "/desk-form", "/desk-form", "lobby", "lobby"]
    texts = [r.text for r in receiver.received]
    assert sum("Banyak kode salah" in text for text in texts) == 3, "folded, sent once each"
    assert all(text.count("Resepsionis, mohon ditangani") == 1 for text in texts)


def test_a_service_that_is_down_delays_the_message_and_it_goes_once_when_back(
    site, receiver
) -> None:
    invite(site, request(email=None, phone=PHONE), "staff:test")
    receiver.stop()
    assert str(send_messages(site)) == "1 pending"
    (job,) = outbox_jobs(site)
    assert "could not be reached" in job.last_error
    assert str(send_messages(site)) == "nothing due", "not due again until its back-off is over"
    receiver.start()
    assert str(send_messages(site, DURING + timedelta(hours=2))) == "1 sent"
    assert len(receiver.received) == 1


def test_a_refusal_fails_the_message_with_the_services_reason(site, receiver) -> None:
    invite(site, request(email=None, phone=PHONE), "staff:test")
    receiver.behaviour = Behaviour(400, b'{"error": {"message": "template not approved"}}')
    assert str(send_messages(site)) == "1 failed"
    listed = run(site, "outbox", "list")
    assert "refused it (HTTP 400: template not approved)" in listed.stdout
    assert str(send_messages(site, DURING + timedelta(hours=2))) == "nothing due"


def test_a_connection_cut_after_the_request_is_uncertain_and_never_resent_by_itself(
    site, receiver
) -> None:
    invite(site, request(email=None, phone=PHONE), "staff:test")
    receiver.behaviour = Behaviour(cut=True)
    assert str(send_messages(site)) == "1 uncertain"
    receiver.behaviour = Behaviour()
    assert str(send_messages(site, DURING + timedelta(days=1))) == "nothing due"
    assert len(receiver.received) == 1


def test_four_kiosks_draining_at_once_send_each_arrival_once(site, receiver) -> None:
    choose_notify(
        site, host_id(site), "address", receiver.url(path="rina"), "t", Source.SELF_ENTERED, "en"
    )
    for number in range(12):
        made = invite(site, request(email=None, name=f"Tamu {chr(65 + number)}"), "staff:test")
        check_in(site, made.id, now=DURING)
    kiosks = [
        open_kiosk(replace(site.settings, kiosk_id=f"lobby-{n}", notify_reception=()))
        for n in range(4)
    ]
    start = threading.Barrier(4)

    def drain(kiosk) -> None:
        start.wait()
        for _ in range(3):
            send_messages(kiosk)

    workers = [threading.Thread(target=drain, args=(kiosk,)) for kiosk in kiosks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    arrivals = [r.json["message"] for r in receiver.received if r.path == "/rina"]
    assert sorted(arrivals) == sorted(set(arrivals)) and len(arrivals) == 12


def test_the_whatsapp_cloud_api_gets_the_template_the_number_and_the_link(
    site, receiver, monkeypatch
) -> None:
    from apprise.plugins.whatsapp import NotifyWhatsApp

    monkeypatch.setattr(
        NotifyWhatsApp, "notify_url", f"http://127.0.0.1:{receiver.port}/{{fb_ver}}/{{phone_id}}"
    )
    whatsapp = "whatsapp://kiosk_invitation:TOKEN1234567890@105957/{phone}?lang=id&:body=1"
    kiosk = replace(site, settings=replace(site.settings, notify_guest_phone=whatsapp))
    made = invite(kiosk, request(email=None, phone=PHONE), "staff:test")
    assert str(send_messages(kiosk)) == "1 sent"
    (sent,) = receiver.received
    assert sent.path.endswith("/105957")
    assert sent.headers["authorization"] == "Bearer TOKEN1234567890"
    payload = sent.json
    assert (payload["to"], payload["type"]) == (f"+{DIGITS}", "template")
    assert payload["template"]["name"] == "kiosk_invitation"
    assert payload["template"]["language"] == {"code": "id"}
    (variable,) = payload["template"]["components"][0]["parameters"]
    assert made.guest_page in variable["text"] and "\n" not in variable["text"]
    assert variable["text"].startswith("Halo Siti R.")


def test_notify_test_says_what_the_service_answered(site, receiver) -> None:
    accepted = run(site, "notify", "test", receiver.url(path="try"))
    assert accepted.exit_code == 0 and "accepted it" in accepted.stdout
    assert "Pesan uji" in receiver.received[0].json["message"]
    receiver.behaviour = Behaviour(403, b'{"error": "bad token"}')
    refused = run(site, "notify", "test", receiver.url(path="try"))
    assert refused.exit_code == 1 and refused.stdout.count("\n") == 1
    assert "HTTP 403: bad token" in refused.stdout
    receiver.stop()
    unreachable = run(site, "notify", "test", receiver.url(path="try"))
    assert unreachable.exit_code == 1 and "could not be reached" in unreachable.stdout
    unknown = run(site, "notify", "test", "nosuch://somewhere")
    assert unknown.exit_code == 1 and "not an address" in unknown.stdout


def test_hosts_notify_from_the_command_line_shows_the_address_masked(site, receiver) -> None:
    secret = f"tgram://123456789:SECRETBOTTOKEN/987654321?from={HOST_EMAIL}"
    chosen = run(site, "hosts", "notify", HOST_EMAIL, "--via", secret)
    assert chosen.exit_code == 0, chosen.output
    assert "SECRETBOTTOKEN" not in chosen.stdout and "tgram://" in chosen.stdout
    back = run(site, "hosts", "notify", HOST_EMAIL, "--via", "email")
    assert back.stdout.strip() == "Rina Wijaya is told by email"
    with site.unit_of_work() as uow:
        subject = uow.subjects.get(uow.hosts.get(host_id(site)).subject_id)
        assert "member.notify_address" not in site.gateway.by_field(uow, subject)
    wrong = run(site, "hosts", "notify", HOST_EMAIL, "--via", "phone")
    assert wrong.exit_code == 2 and wrong.stderr.count("\n") == 1
    run(site, "hosts", "notify", HOST_EMAIL, "--via", secret)
    erased = run(site, "subject", "erase", "--email", HOST_EMAIL, "--yes")
    assert erased.exit_code == 0, erased.output
    from tests.builders import found_in_database

    assert found_in_database([b"SECRETBOTTOKEN"], site.settings.database_url) == []


def test_the_sites_channel_addresses_are_masked_and_never_logged(site, receiver) -> None:
    shown = run(site, "config", "show").stdout
    assert "json://***" in shown and f"127.0.0.1:{receiver.port}" not in shown
    receiver.behaviour = Behaviour(400, b"{}")
    invite(site, request(email=None, phone=PHONE), "staff:test")
    send_messages(site)
    raise_alert(site, AlertReason.TOO_MANY_CODES)
    receiver.stop()
    send_messages(site)
    logged = "".join(
        path.read_text(errors="replace") for path in site.settings.log_dir.glob("*.log*")
    )
    assert f":{receiver.port}/" not in logged and "guests/" not in logged
    for job in outbox_jobs(site):
        assert str(receiver.port) not in (job.last_error or "")


def test_a_mornings_messages_to_hosts_and_reception_carry_nothing_they_should_not(
    site, receiver
) -> None:
    from kiosk.services.lobby.flow import LobbyFlow
    from kiosk.services.screening.deny_list import add_to_deny_list
    from tests.builders import deny

    choose_notify(
        site, host_id(site), "address", receiver.url(path="rina"), "t", Source.SELF_ENTERED, "id"
    )
    ban_reason = "Mengambil laptop di lantai tiga"
    add_to_deny_list(site, deny("Joko Susilo", ban_reason, DURING + timedelta(days=30)), "t")
    guests = [
        request(phone=PHONE, id_type="ktp", id_last4="7Q2Z"),
        request(name="Budi Santoso", email=None, phone="0813 9999 8888"),
        request(name="Joko Susilo", email="joko@tamu.example", phone="0815 1212 3434"),
    ]
    made = [invite(site, guest, "staff:test") for guest in guests]
    for invitation in made:
        check_in(site, invitation.id, now=DURING)
    LobbyFlow(site).scanned("WRONG123")
    for _ in range(2):
        send_messages(site)
    to_guests = [r for r in receiver.received if r.path.startswith("/guests/")]
    to_staff = [r for r in receiver.received if not r.path.startswith("/guests/")]
    assert len(to_guests) == 3 and len(to_staff) >= 2 * 3 + 2
    forbidden = [ban_reason, "7Q2Z", "ktp", "@", "/i/", "3456", "9999", "1212", "Santoso"]
    forbidden += [m.token for m in made] + [m.short_code for m in made] + ["WRONG123"]
    for message in to_staff:
        found = [value for value in forbidden if value in message.text]
        assert found == [], (message.path, message.text)
    assert any("Joko S." in m.text and "larangan" in m.text for m in to_staff)


def test_the_export_and_the_record_of_processing_name_each_kind_of_channel(
    site, receiver, tmp_path
) -> None:
    ropa = run(site, "policy", "ropa", "--format", "csv", "--lang", "en").stdout
    assert "JSON, through which the site sends guests their invitation" in ropa
    assert "JSON, through which reception is alerted" in ropa
    assert "Form, through which reception is alerted" in ropa
    assert "ntfy, through which reception is alerted" in ropa
    assert "The chat service a host chose to be told of arrivals through" in ropa
    invite(site, request(phone=PHONE), "staff:test")
    out = tmp_path / "export"
    run(site, "subject", "export", "--email", "siti@tamu.example", "--out", str(out))
    (document,) = [json.loads(path.read_text()) for path in out.glob("*.json")]
    (phone,) = [v for v in document["people"][0]["values"] if v["field"] == "visitor.phone"]
    said = [recipient["en"] for recipient in phone["recipients"]]
    assert "JSON, through which the site sends guests their invitation" in said


def test_a_printer_out_of_paper_tells_reception_once_as_it_happens(site, receiver) -> None:
    from kiosk.badge.printers import BadgePrinter
    from kiosk.services.outbox.badges import BadgeSender
    from kiosk.services.outbox.drain import drain
    from tests.fake_printer import FakePrinter

    printer = FakePrinter()
    printer.faults.paper_out = True
    profile = site.printer.profile
    kiosk = replace(site, printer=BadgePrinter(printer.uri, profile, 1, site.settings.badge_dir))
    try:
        for name in ("Siti Rahmawati", "Budi Santoso"):
            check_in(kiosk, invite(kiosk, request(name=name, email=None), "t").id, now=DURING)
        drain(kiosk, BadgeSender(kiosk), DURING)
        drain(kiosk, BadgeSender(kiosk), DURING + timedelta(hours=1))
    finally:
        printer.stop()
    send_messages(kiosk, DURING + timedelta(hours=1))
    desk = [r.json["message"] for r in receiver.received if r.path == "/desk"]
    assert sum("Kertas printer habis" in text for text in desk) == 1
    assert sum("Lencana tidak tercetak" in text for text in desk) == 2, "one for each badge"


def test_a_host_chooses_on_the_portal_how_they_are_told(site, receiver, mail_server) -> None:
    from tests.portal_client import form_token, signed_in

    host = signed_in(site, mail_server)
    page = host.get("/settings")
    assert page.status_code == 200 and 'value="phone"' not in page.text, "no phone held"
    own = receiver.url(path="rina")
    form = {"via": "address", "address": own, "csrf": form_token(host, "/settings")}
    assert host.post("/settings", data=form).headers["location"] == "/settings?done=saved"
    shown = host.get("/settings").text
    assert "JSON (json://…)" in shown and str(receiver.port) not in shown
    wrong = {"via": "address", "address": "nosuch://x", "csrf": form_token(host, "/settings")}
    refused = host.post("/settings", data=wrong)
    assert refused.status_code == 400 and "No channel we know has that address" in refused.text
    assert notify_choice(site, host_id(site)).via == "address"
