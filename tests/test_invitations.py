"""Invitations end to end: the email a guest receives, its QR code and calendar invite, the
token's refusals, and the outbox riding out a mail server that is down."""

import io
import json
from datetime import datetime, time, timedelta

import pytest
import zxingcpp
from icalendar import Calendar
from PIL import Image

from kiosk.clock import utc_now
from kiosk.errors import InvitationError
from kiosk.notify.smtp import SmtpTransport
from kiosk.services.invitations.invite import (
    cancel_invitation,
    invite,
    resend_invitation,
)
from kiosk.services.lobby.arrival import arrive
from kiosk.services.outbox.drain import outbox_jobs
from kiosk.services.visits.check_in import check_in
from tests.builders import JAKARTA, TOMORROW, request, run, send_mail
from tests.mail_server import DropsAfterData


def parts(message):
    return {part.get_content_type(): part for part in message.walk()}


def test_the_guest_receives_an_invitation_the_kiosk_accepts(site, mail_server) -> None:
    made = invite(site, request(), "staff:test")
    assert str(send_mail(site)) == "1 sent"
    (message,) = mail_server.inbox.messages
    assert message["To"] == "siti@tamu.example"
    assert message["Subject"] == "Kunjungan Anda ke Menara Sudirman"
    found = parts(message)
    text = found["text/plain"].get_content()
    assert "Halo Siti Rahmawati," in text
    assert "Rina Wijaya mengundang Anda ke Menara Sudirman" in text
    assert made.short_code in text
    assert "09.00" in text and "11.00" in text
    assert f"{site.settings.portal_url}/privacy" in text, "the portal's own privacy page"
    assert "30 hari" in text
    assert 'src="cid:invitation-qr"' in found["text/html"].get_content()

    image = Image.open(io.BytesIO(found["image/png"].get_content()))
    (barcode,) = zxingcpp.read_barcodes(image)
    assert barcode.text == made.token
    assert int(barcode.extra["Version"]) <= 4 and barcode.ec_level == "M"
    during_visit = datetime.combine(TOMORROW, time(9, 30), JAKARTA)
    arrival = arrive(site, barcode.text, now=during_visit)
    assert (arrival.guest_display_name, arrival.host_name) == ("Siti R.", "Rina Wijaya")
    assert arrive(site, made.short_code.lower(), now=during_visit).invitation_id == made.id

    calendar = Calendar.from_ical(found["text/calendar"].get_content())
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert str(start.tzinfo) == "Asia/Jakarta" and start.hour == 9 and end.hour == 11
    assert start.date() == TOMORROW
    assert "mailto:siti@tamu.example" in str(event["ATTENDEE"])

    resend_invitation(site, made.id, "staff:test")
    send_mail(site)
    again = Calendar.from_ical(parts(mail_server.inbox.messages[1])["text/calendar"].get_content())
    assert again.walk("VEVENT")[0]["UID"] == event["UID"]


def test_an_english_invitation_for_a_multi_day_event(site, mail_server) -> None:
    first = TOMORROW
    invite(
        site,
        request(
            language="en",
            visit_type="event",
            until=first + timedelta(days=2),
            start_time=None,
            end_time=None,
        ),
        "staff:test",
    )
    send_mail(site)
    (message,) = mail_server.inbox.messages
    assert message["Subject"] == "Your visit to Menara Sudirman"
    text = parts(message)["text/plain"].get_content()
    assert "Rina Wijaya has invited you" in text and " \u2013 " in text
    (event,) = Calendar.from_ical(parts(message)["text/calendar"].get_content()).walk("VEVENT")
    assert (event.decoded("DTEND").date() - event.decoded("DTSTART").date()).days == 2


def test_each_refusal_has_its_own_reason(site) -> None:
    made = invite(site, request(email=None), "staff:test")
    day = TOMORROW
    during = datetime.combine(day, time(10, 0), JAKARTA)

    def reason(scanned: str, now: datetime) -> str:
        with pytest.raises(InvitationError) as caught:
            arrive(site, scanned, now=now)
        return caught.value.reason

    forged = made.token[:-1] + ("A" if made.token[-1] != "A" else "B")
    assert reason(forged, during) == "forged"
    assert reason("NOTACODE", during) == "forged"
    assert reason(made.token, during - timedelta(hours=3)) == "not_yet_valid"
    assert reason(made.token, during + timedelta(hours=3)) == "expired"
    assert arrive(site, made.token, now=during - timedelta(minutes=59)).invitation_id == made.id
    check_in(site, made.id, now=during)
    assert reason(made.token, during + timedelta(minutes=5)) == "used"
    other = invite(site, request(email=None, name="Budi Santoso"), "staff:test")
    cancel_invitation(site, other.id, "staff:test")
    assert reason(other.token, during) == "cancelled"
    assert reason(other.short_code, during) == "cancelled"


def test_an_outage_delays_the_email_and_it_goes_out_exactly_once(site, mail_server) -> None:
    mail_server.stop()
    invite(site, request(), "staff:test")
    report = send_mail(site, SmtpTransport(mail_server.url))
    assert str(report) == "1 pending"
    (job,) = outbox_jobs(site)
    assert job.status == "pending" and "ConnectionRefusedError" in job.last_error
    assert "siti" not in job.last_error
    assert str(send_mail(site, SmtpTransport(mail_server.url))) == "nothing due", "backing off"

    mail_server.start()
    later = job.next_attempt_at + timedelta(seconds=1)
    assert str(send_mail(site, SmtpTransport(mail_server.url), now=later)) == "1 sent"
    assert str(send_mail(site, SmtpTransport(mail_server.url), now=later)) == "nothing due"
    assert len(mail_server.inbox.messages) == 1
    assert outbox_jobs(site)[0].status == "sent"


def test_a_link_broken_mid_message_is_uncertain_and_not_resent_by_itself(site) -> None:
    server = DropsAfterData()
    try:
        invite(site, request(), "staff:test")
        transport = SmtpTransport(server.url)
        assert str(send_mail(site, transport)) == "1 uncertain"
        later = utc_now() + timedelta(hours=2)
        assert str(send_mail(site, transport, now=later)) == "nothing due"
        assert server.messages_taken == 1
        (job,) = outbox_jobs(site)
        assert job.status == "uncertain" and "SMTPServerDisconnected" in job.last_error
    finally:
        server.stop()


def test_a_job_left_sending_by_a_dead_worker_becomes_uncertain(site, mail_server) -> None:
    invite(site, request(), "staff:test")
    with site.unit_of_work() as uow:
        uow.outbox.claim_due(site.site.id, "email", utc_now(), "kiosk:crashed", 10)
        uow.commit()
    later = utc_now() + timedelta(minutes=11)
    assert str(send_mail(site, SmtpTransport(mail_server.url), now=later)) == "nothing due"
    assert [job.status for job in outbox_jobs(site)] == ["uncertain"]
    assert mail_server.inbox.messages == []
    waiting = run(site, "outbox", "retry")
    assert waiting.stdout.startswith("0 jobs due now"), "what may have gone out waits for staff"
    resent = run(site, "outbox", "retry", "--uncertain")
    assert "1 jobs due now" in resent.stdout and "email: 1 sent" in resent.stdout
    assert len(mail_server.inbox.messages) == 1
    listed = json.loads(run(site, "outbox", "list", "--all", "--json").stdout)
    assert [job["status"] for job in listed] == ["sent"]
    assert json.loads(run(site, "outbox", "list", "--json").stdout) == [], "nothing waits"
