"""Check-in, walk-in and check-out services: one visit per invitation, jobs for the badge and
the host's email, verification as the site asks, and retention starting at check-out."""

import base64
import threading
from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest

from kiosk.errors import CaptureRefused, InvitationError
from kiosk.notify.smtp import SmtpTransport
from kiosk.services.invitations.invite import invite
from kiosk.services.invitations.validity import invitation_named
from kiosk.services.lobby.arrival import arrive
from kiosk.services.outbox.drain import outbox_jobs
from kiosk.services.visits.check_in import IdShown, check_in
from kiosk.services.visits.check_out import auto_check_out, check_out, visit_named
from kiosk.services.visits.on_site import on_site
from kiosk.services.visits.walk_in import walk_in
from tests.builders import (
    DURING,
    JAKARTA,
    TOMORROW,
    found_in_database,
    host_id,
    photo_jpeg,
    request,
    send_mail,
    walk_in_guest,
)


def test_an_invitation_checks_in_once_and_the_host_hears_of_it(site, mail_server) -> None:
    made = invite(site, request(email=None), "staff:test")
    first = check_in(site, made.id, now=DURING)
    assert first.badge and first.visit.badge_number == 1
    assert first.guest_display_name == "Siti R."
    again = check_in(
        site, invitation_named(site, made.short_code), now=DURING + timedelta(minutes=1)
    )
    assert again.repeated and again.visit == first.visit
    with pytest.raises(InvitationError) as caught:
        arrive(site, made.token, now=DURING)
    assert caught.value.reason == "used"

    jobs = [(job.channel, job.template) for job in outbox_jobs(site)]
    assert sorted(jobs) == [("email", "arrival"), ("print", "badge")]
    assert str(send_mail(site, SmtpTransport(mail_server.url), now=DURING)) == "1 sent"
    (message,) = mail_server.inbox.messages
    assert message["To"] == "rina@menara.example"
    assert message["Subject"] == "Tamu Anda, Siti R., sudah tiba"
    assert "09.30" in message.get_content()

    second = invite(site, request(email=None, name="Budi Santoso"), "staff:test")
    assert check_in(site, second.id, now=DURING).visit.badge_number == 2


def test_two_kiosks_checking_in_one_invitation_at_once_make_one_visit(site) -> None:
    made = invite(site, request(email=None), "staff:test")
    start = threading.Barrier(2)
    results, errors = [], []

    def kiosk_scans() -> None:
        start.wait()
        try:
            results.append(check_in(site, made.id, now=DURING))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=kiosk_scans) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len({result.visit.id for result in results}) == 1
    assert sorted(result.repeated for result in results) == [False, True]
    assert [job.template for job in outbox_jobs(site)].count("badge") == 1


@pytest.mark.parametrize(
    ("mode", "shown", "reason"),
    [
        ("id_match", IdShown("passport", "7q2z"), None),
        ("id_match", IdShown("passport", "9999"), "id_mismatch"),
        ("id_last4", None, "no_id_shown"),
        ("id_last4", IdShown("ktp", "1234"), None),
        ("staff", IdShown("ktp", "7Q2Z"), "staff_check"),
    ],
)
def test_verification_as_the_site_asks(site, mode, shown, reason) -> None:
    kiosk = replace(site, settings=replace(site.settings, verification=mode))
    made = invite(kiosk, request(email=None, id_type="passport", id_last4="7Q2Z"), "staff:t")
    result = check_in(kiosk, made.id, shown=shown, now=DURING)
    assert result.reason == reason
    assert result.badge == (reason is None)
    assert [guest.guest_name for guest in on_site(kiosk)] == (
        ["Siti Rahmawati"] if result.badge else []
    )


def test_what_the_host_registered_is_never_replaced_by_what_the_guest_types(site) -> None:
    """The first wrong answer used to overwrite the registered ID, and the same wrong answer
    then matched on a second scan."""
    kiosk = replace(site, settings=replace(site.settings, verification="id_match"))
    made = invite(kiosk, request(email=None, id_type="passport", id_last4="7Q2Z"), "staff:t")
    wrong = IdShown("ktp", "1111")
    for _attempt in range(2):
        assert check_in(kiosk, made.id, shown=wrong, now=DURING).reason == "id_mismatch"
    with kiosk.unit_of_work() as uow:
        guest = uow.subjects.get(uow.invitations.get(kiosk.site.id, made.id).guest_subject_id)
        held = kiosk.gateway.values(uow, guest)
    assert held["visitor.id_last4", "visitor-verification"] == "7Q2Z"
    assert held["visitor.id_type", "visitor-verification"] == "passport"
    assert held["visitor.verification_result", "visitor-verification"] == "mismatch"
    assert check_in(kiosk, made.id, shown=IdShown("passport", "7Q2Z"), now=DURING).badge


def test_an_id_is_matched_only_against_what_a_host_registered(site) -> None:
    """With no ID registered, the first answer used to be stored and the same answer then
    matched; an ID the guest typed at an earlier visit (when the site only asked for it) is
    not a registered one either."""
    asking = replace(site, settings=replace(site.settings, verification="id_last4"))
    matching = replace(site, settings=replace(site.settings, verification="id_match"))
    made = invite(site, request(email=None, until=TOMORROW + timedelta(days=1)), "staff:t")
    typed_before = IdShown("ktp", "1111")
    assert check_in(asking, made.id, shown=typed_before, now=DURING).badge
    result = check_in(matching, made.id, shown=typed_before, now=DURING + timedelta(days=1))
    assert (result.reason, result.badge) == ("no_id_to_match", False)
    fresh = invite(matching, request(email=None, name="Dewi Lestari"), "staff:t")
    for _attempt in range(2):
        result = check_in(matching, fresh.id, shown=IdShown("ktp", "2222"), now=DURING)
        assert (result.reason, result.badge) == ("no_id_to_match", False)


def test_walk_ins_give_what_their_kind_of_visit_allows(site) -> None:
    vendor = walk_in(
        site,
        walk_in_guest(host_id(site), "vendor", name="Ahmad Fauzi", company="PT Kirim"),
        now=DURING,
    )
    assert vendor.badge and vendor.guest_display_name == "Ahmad F."
    with pytest.raises(InvitationError) as caught:
        walk_in(
            site,
            walk_in_guest(host_id(site), "meeting", name="Dewi", company="PT Rahasia"),
            now=DURING,
        )
    assert caught.value.reason == "not_for_visit"
    assert [g.guest_name for g in on_site(site)] == ["Ahmad Fauzi"]


def test_a_walk_in_retried_with_its_key_is_one_visit(site) -> None:
    """The kiosk retries a walk-in whose answer it never heard (the connection dropped after
    the database committed): the same key finds the visit already made."""
    guest = walk_in_guest(
        host_id(site), name="Ahmad Fauzi", phone="0812 3456 7890", walk_in_key="k" * 32
    )
    first = walk_in(site, guest, now=DURING)
    again = walk_in(site, guest, now=DURING)
    assert again.repeated and again.visit == first.visit and again.guest_display_name == "Ahmad F."
    other = walk_in(site, replace(guest, walk_in_key="m" * 32), now=DURING)
    assert other.visit.id != first.visit.id, "another walk-in, another visit"
    assert len(on_site(site)) == 2
    assert [job.template for job in outbox_jobs(site)].count("badge") == 2


def test_check_out_by_badge_starts_the_retention_clock(site) -> None:
    made = invite(site, request(email=None), "staff:test")
    visit = check_in(site, made.id, now=DURING).visit
    walker = walk_in(site, walk_in_guest(host_id(site), name="Eko Prasetyo"), now=DURING).visit
    leaving = DURING + timedelta(hours=2)

    out = check_out(site, visit.id, now=leaving)
    assert (out.already, out.guest_display_name) == (False, "Siti R.")
    assert check_out(site, visit.id, now=leaving).already
    with site.unit_of_work() as uow:
        held = uow.personal_values.of_subject(visit.guest_subject_id)
    name = next(v for v in held if v.field == "visitor.name")
    assert name.retention_until == leaving + timedelta(days=30)
    with pytest.raises(Exception, match="not one of today's badges"):
        visit_named(site, made.token, leaving)

    assert (
        check_out(site, visit_named(site, str(walker.badge_number), leaving), now=leaving).visit.id
        == walker.id
    )
    assert on_site(site) == []


def test_auto_check_out_closes_every_open_visit(site) -> None:
    for name in ("Ani", "Budi"):
        walk_in(site, walk_in_guest(host_id(site), name=name), now=DURING)
    assert auto_check_out(site, now=DURING + timedelta(hours=10)) == 2
    assert on_site(site) == []


def test_end_of_day_closes_open_visits_once_a_day(site) -> None:
    from kiosk.services.visits.end_of_day import EndOfDay

    times = iter(
        [
            datetime.combine(TOMORROW, time(22, 59), JAKARTA),
            datetime.combine(TOMORROW, time(23, 0), JAKARTA),
            datetime.combine(TOMORROW, time(23, 30), JAKARTA),
        ]
    )
    now = {"at": None}

    def clock() -> datetime:
        return now["at"]

    end_of_day = EndOfDay(site, clock)
    walk_in(site, walk_in_guest(host_id(site), name="Ani"), now=DURING)
    for expected in (0, 1, 0):
        now["at"] = next(times)
        assert end_of_day.tick() == expected
    assert on_site(site) == []


def test_a_consent_ticked_at_check_in_holds_the_email_for_that_purpose_too(site) -> None:
    from kiosk.privacy.site_policy import site_policy
    from kiosk.services.visits.admission import ConsentGiven

    site.gateway.policy = site_policy(replace(site.settings, privacy_enable=("visitor-marketing",)))
    made = invite(site, request(), "staff:test")
    ticked = (ConsentGiven("visitor-marketing", "Kirimi saya kabar"),)
    visit = check_in(site, made.id, consents=ticked, now=DURING).visit
    with site.unit_of_work() as uow:
        guest = uow.subjects.get(visit.guest_subject_id)
        assert uow.consents.is_active(guest.id, "visitor-marketing")
        held = site.gateway.values(uow, guest)
    assert held[("visitor.email", "visitor-marketing")] == "siti@tamu.example"


def test_where_the_site_asks_for_a_photo_it_is_kept_encrypted_for_verification(
    site, database_url
) -> None:
    from kiosk.privacy.site_policy import site_policy
    from kiosk.services.rights.export_page import render_export
    from kiosk.services.rights.requests import PersonQuery, export_people

    site.gateway.policy = site_policy(replace(site.settings, privacy_enable=("visitor.photo",)))
    made = invite(site, request(), "staff:test")
    without = check_in(site, made.id, now=DURING)
    assert not without.badge and without.reason == "no_photo", "no photo: reception checks"

    photo = photo_jpeg()
    checked_in = check_in(site, made.id, photo=photo, now=DURING)
    assert checked_in.badge
    walked_in = walk_in(
        site, walk_in_guest(host_id(site), name="Budi Santoso", phone="0812 3456 7890")
    )
    assert walked_in.reason == "no_photo"

    document = export_people(site, PersonQuery(email="siti@tamu.example"), "staff:t")
    (person,) = document["people"]
    (held,) = [v for v in person["values"] if v["field"] == "visitor.photo"]
    assert held["purpose"] == "visitor-verification" and held["source"] == "camera"
    assert held["notice"]["version"] == "kiosk-photo-notice.1"
    assert base64.b64decode(held["value"].split(",", 1)[1]) == photo, "the guest gets it back"
    assert f'<img src="{held["value"]}"' in render_export(document), "shown on the page"
    assert found_in_database([photo], database_url) == [], "only its ciphertext is stored"


def test_an_event_guest_says_how_many_come_with_them(site) -> None:
    group = walk_in_guest(host_id(site), "event", name="Citra Lestari", companions="3")
    visit = walk_in(site, group, now=DURING).visit
    with site.unit_of_work() as uow:
        held = site.gateway.values(uow, uow.subjects.get(visit.guest_subject_id))
    assert held["visitor.companions", "visitor-events"] == "3"
    alone = walk_in_guest(host_id(site), "meeting", name="Dodi", companions="1")
    with pytest.raises(InvitationError) as caught:
        walk_in(site, alone, now=DURING)
    assert (caught.value.reason, caught.value.field) == ("not_for_visit", "visitor.companions")
    made = invite(site, request(visit_type="event", email=None, companions="12"), "staff:test")
    with site.unit_of_work() as uow:
        guest = uow.subjects.get(uow.invitations.get(site.site.id, made.id).guest_subject_id)
        held = site.gateway.values(uow, guest)
    assert held["visitor.companions", "visitor-events"] == "12"
    with pytest.raises(CaptureRefused, match="must be a whole number"):
        invite(site, request(visit_type="event", companions="a few"), "staff:test")


def test_a_multi_day_invitation_gives_a_visit_and_a_badge_each_day(site) -> None:
    """Day 2 of a three-day invitation: not refused as used, a visit of its own (on the roll
    call), and the desk's check-in finds that day's visit, not day 1's."""
    from kiosk.services.reception.expected import expected_guests

    made = invite(site, request(email=None, until=TOMORROW + timedelta(days=2)), "staff:test")
    first = check_in(site, made.id, now=DURING)
    check_out(site, first.visit.id, now=DURING + timedelta(hours=8))
    day_two = DURING + timedelta(days=1)
    assert arrive(site, made.token, now=day_two).invitation_id == made.id, "not 'used'"
    second = check_in(site, invitation_named(site, made.short_code), now=day_two)
    assert second.badge and not second.repeated and second.visit.id != first.visit.id
    assert (second.visit.badge_day, second.visit.badge_number) == (day_two.date(), 1)
    assert [g.guest_name for g in on_site(site)] == ["Siti Rahmawati"], "on the roll call"
    again = check_in(site, made.id, now=day_two + timedelta(hours=1))
    assert again.repeated and again.visit == second.visit, "the same day: the same badge"
    statuses = [
        [g.status for g in expected_guests(site, day.date())]
        for day in (DURING, day_two, day_two + timedelta(days=1))
    ]
    assert statuses == [["signed_out"], ["on_site"], ["expected"]]
    with pytest.raises(InvitationError) as caught:
        arrive(site, made.token, now=day_two + timedelta(hours=2))
    assert caught.value.reason == "used"


MONTHS_ID = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV", "DES"]
WEEKDAYS_ID = ["SENIN", "SELASA", "RABU", "KAMIS", "JUMAT", "SABTU", "MINGGU"]


def test_a_badge_band_names_every_day_of_its_visit(site) -> None:
    """A guard reads the band: a three-day guest's badge said only its first day, while its
    small print said it was valid two days more."""
    from kiosk.services.outbox.badges import badge_content

    last = TOMORROW + timedelta(days=2)
    several = invite(site, request(email=None, until=last), "staff:test")
    one = invite(site, request(name="Budi Santoso", email=None), "staff:test")
    visits = [check_in(site, made.id, now=DURING).visit.id for made in (several, one)]
    with site.unit_of_work() as uow:
        bands = [badge_content(uow, site, visit).day for visit in visits]

    first_month, last_month = MONTHS_ID[TOMORROW.month - 1], MONTHS_ID[last.month - 1]
    span = (
        f"{TOMORROW.day}\N{EN DASH}{last.day} {last_month}"
        if first_month == last_month
        else f"{TOMORROW.day} {first_month}\N{EN DASH}{last.day} {last_month}"
    )
    weekday = WEEKDAYS_ID[TOMORROW.weekday()]
    assert bands == [span, f"{weekday} {TOMORROW.day} {first_month}"]


def test_a_badge_number_is_never_given_twice_on_a_day_even_after_an_erasure(site) -> None:
    from kiosk.services.rights.requests import PersonQuery, erase_people

    first = check_in(site, invite(site, request(), "staff:test").id, now=DURING)
    assert first.visit.badge_number == 1
    erase_people(site, PersonQuery(email="siti@tamu.example"), "staff:test", force=True)
    with site.unit_of_work() as uow:
        assert uow.visits.get(site.site.id, first.visit.id) is None, "the visit went with her"
    budi = invite(site, request(name="Budi Santoso", email=None), "staff:test")
    assert check_in(site, budi.id, now=DURING).visit.badge_number == 2
