"""A host's invite in three fields: name, a way to reach the guest, and Today, Tomorrow or
another day; the rest under *More details*, opened by itself when something there needs a
look. Their list says when each guest arrived and left, a guest's page what happened so far,
and a past guest is invited again from a filled-in form. On both backends."""

import re
from datetime import timedelta

from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from tests.builders import DURING, TODAY, TOMORROW, print_badges
from tests.portal_client import form_token, signed_in
from tests.test_portal_security import add_second_host

QUICK = re.compile(r'<details class="more"( open)?>')


def quick_form(client, **fields: str) -> dict[str, str]:
    """What a host posts who fills in only the first screen."""
    given = {"name": "Siti Rahmawati", "email": "siti@tamu.example", "type": "meeting"}
    return given | fields | {"csrf": form_token(client, "/invitations/new")}


def test_the_first_screen_asks_the_name_a_way_to_reach_the_guest_and_the_day(site, mail_server):
    client = signed_in(site, mail_server)
    page = client.get("/invitations/new").text
    first_screen, more = page.split('<details class="more">')

    asked = re.findall(r'<input type="(?:text|email|tel)" name="(\w+)"', first_screen)
    assert asked == ["name", "email", "phone"]
    assert 'value="today" checked' in first_screen and 'value="tomorrow"' in first_screen
    assert 'name="start"' in more and 'name="parking_plate"' in more, "the rest is a tap away"


def test_today_tomorrow_and_another_day_are_the_sites_days(site, mail_server):
    client = signed_in(site, mail_server)
    days = {}
    for choice, other in (("today", ""), ("tomorrow", ""), ("other", "2026-12-24")):
        made = client.post("/invitations/new", data=quick_form(client, day=choice, other_day=other))
        assert made.status_code == 303, made.text
        days[choice] = client.get(made.headers["location"]).text
    assert f"{TODAY.day} " in days["today"] and f"{TOMORROW.day} " in days["tomorrow"]
    assert "24 " in days["other"] and "December" in days["other"]

    no_day = client.post("/invitations/new", data=quick_form(client, day="other"))
    assert no_day.status_code == 400 and 'id="day-error"' in no_day.text
    assert 'value="other" checked' in no_day.text, "the choice is kept"


def test_more_details_opens_by_itself_where_something_needs_a_look(site, mail_server):
    client = signed_in(site, mail_server)
    quick_error = client.post("/invitations/new", data=quick_form(client, email="siti at x"))
    more_error = client.post("/invitations/new", data=quick_form(client, start="9 o'clock"))
    more_given = client.post(
        "/invitations/new", data=quick_form(client, parking_plate="B 1234 XYZ", action="preview")
    )

    assert QUICK.search(quick_error.text).group(1) is None, "closed: the error is on top"
    assert QUICK.search(more_error.text).group(1) == " open"
    assert QUICK.search(more_given.text).group(1) == " open", "what was given stays in sight"


def test_the_list_says_when_guests_arrived_and_left_and_the_page_what_happened(site, mail_server):
    client = signed_in(site, mail_server)
    made = client.post(
        "/invitations/new", data=quick_form(client, day=TOMORROW.isoformat(), start="09:00")
    )
    guest_page = made.headers["location"]
    invitation_id = int(guest_page.rsplit("/", 1)[1])
    from kiosk.services.outbox.senders import Channel, send_due

    send_due(site, Channel.EMAIL)
    visit = check_in(site, invitation_id, now=DURING).visit
    print_badges(site, now=DURING)
    check_out(site, visit.id, now=DURING + timedelta(hours=1, minutes=10))

    listed = client.get("/invitations").text
    assert "arrived 09:30" in listed and "left 10:40" in listed
    steps = re.findall(r'<span class="step">([^<]+)</span>', client.get(guest_page).text)
    assert steps == ["Invited", "Invitation sent", "Arrived", "Left"]


def test_a_past_guest_is_invited_again_from_a_filled_in_form(site, mail_server):
    add_second_host(site)
    client = signed_in(site, mail_server)
    made = client.post(
        "/invitations/new",
        data=quick_form(
            client, day=TOMORROW.isoformat(), phone="0812 3456 7890", parking_plate="B 1234 XYZ"
        ),
    )
    past = made.headers["location"]
    cancel = {"csrf": form_token(client, past), "confirmed": "yes"}
    client.post(f"{past}/cancel", data=cancel)
    invitation_id = past.rsplit("/", 1)[1]

    assert f'href="/invitations/new?again={invitation_id}"' in client.get(past).text
    again = client.get(f"/invitations/new?again={invitation_id}").text
    assert 'value="Siti Rahmawati"' in again and 'value="siti@tamu.example"' in again
    assert 'value="B 1234 XYZ"' in again and 'value="today" checked' in again
    budi = signed_in(site, mail_server, "budi@menara.example")
    assert budi.get(f"/invitations/new?again={invitation_id}").status_code == 404
    assert client.get("/invitations/new?again=x1").status_code == 404
