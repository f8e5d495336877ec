"""*Keep me signed in on this device*: a kept session lasts 30 days, not two idle hours, its
secret is renewed once a day (a copy of yesterday's cookie opens nothing), and the person sees
every device they are signed in on and signs any of them out; an admin signs a person out
everywhere. On both backends."""

import re
from datetime import timedelta

from kiosk import clock
from tests.builders import SUITE_NOW
from tests.portal_client import (
    ask_for_link,
    form_token,
    link_secret,
    messages_to,
    portal,
    staff_signed_in,
)
from tests.test_portal_staff import ADMIN_EMAIL, DESK, add_admin, add_staff, audit_actors

RINA = "rina@menara.example"


def sign_in(site, mail_server, keep: bool):
    """A browser signed in by Rina's emailed link, kept on the device or not; and the answer."""
    client, before = portal(site), len(sent_to(mail_server))
    ask_for_link(client, RINA)
    secret = link_secret(messages_to(mail_server, RINA, wanted=before + 1)[-1])
    form = {"secret": secret, "csrf": form_token(client, f"/signin/link/{secret}")}
    answer = client.post("/signin/link", data=form | ({"keep": "on"} if keep else {}))
    return client, answer


def sent_to(mail_server) -> list:
    return [m for m in mail_server.inbox.messages if m["To"] == RINA]


def cookie_age(answer) -> int:
    cookie = next(
        c for c in answer.headers.get_list("set-cookie") if c.startswith("kiosk_session=")
    )
    return int(re.search(r"Max-Age=(\d+)", cookie).group(1))


def test_a_kept_session_lasts_thirty_days_and_an_other_twelve_hours(site, mail_server):
    kept, kept_answer = sign_in(site, mail_server, keep=True)
    plain, plain_answer = sign_in(site, mail_server, keep=False)
    assert "Keep me signed in on this device" in portal(site).get("/signin/link/x").text

    assert cookie_age(kept_answer) == 30 * 24 * 3600
    assert cookie_age(plain_answer) == 12 * 3600
    clock.set_now(SUITE_NOW + timedelta(days=3))
    assert plain.get("/invitations").status_code == 303, "two idle hours end it"
    assert kept.get("/invitations").status_code == 200, "three days unused"
    clock.set_now(SUITE_NOW + timedelta(days=30, minutes=1))
    assert kept.get("/invitations").status_code == 303, "thirty days at the most"


def test_a_kept_sessions_secret_is_renewed_daily_and_the_old_one_opens_nothing(site, mail_server):
    client, _ = sign_in(site, mail_server, keep=True)
    yesterdays = client.cookies.get("kiosk_session")
    clock.set_now(SUITE_NOW + timedelta(hours=2))
    client.get("/invitations")
    assert client.cookies.get("kiosk_session") == yesterdays, "not before a day"

    clock.set_now(SUITE_NOW + timedelta(days=1, hours=1))
    page = client.get("/invitations/new")
    renewed = client.cookies.get("kiosk_session")
    copy = portal(site)
    copy.cookies.set("kiosk_session", yesterdays)

    assert renewed != yesterdays and page.status_code == 200
    assert copy.get("/invitations").status_code == 303, "a copy of the old cookie is refused"
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    form = {"csrf": token, "name": "Siti Rahmawati", "day": "tomorrow", "type": "meeting"}
    assert client.post("/invitations/new", data=form).status_code == 303, "its forms still work"
    redirect = client.get("/")
    assert redirect.status_code == 303 and client.get("/invitations").status_code == 200


def test_a_person_sees_their_devices_and_signs_any_of_them_out(site, mail_server):
    phone, _ = sign_in(site, mail_server, keep=True)
    laptop, _ = sign_in(site, mail_server, keep=False)
    page = laptop.get("/settings").text
    assert page.count('action="/settings/devices/') == 2
    assert "This device" in page and "Another device · kept signed in" in page
    phone_id = re.search(r"/settings/devices/(\d+)/signout", page.split("Another device")[1])
    token = form_token(laptop, "/settings")

    assert laptop.post(f"/settings/devices/{phone_id.group(1)}/signout", data={"csrf": token})
    assert phone.get("/invitations").status_code == 303, "the phone is signed out"
    assert laptop.get("/invitations").status_code == 200
    assert laptop.post("/settings/devices/999999/signout", data={"csrf": token}).status_code == 404
    own = re.search(r"/settings/devices/(\d+)/signout", laptop.get("/settings").text).group(1)
    out = laptop.post(f"/settings/devices/{own}/signout", data={"csrf": token})
    assert out.headers["location"] == "/signin"


def test_an_admin_signs_a_person_out_everywhere(site, mail_server):
    phone, _ = sign_in(site, mail_server, keep=True)
    admin = staff_signed_in(site, ADMIN_EMAIL, add_admin(site))
    desk = staff_signed_in(site, DESK, add_staff(site))
    form = {"email": RINA, "csrf": form_token(admin, "/reception/hosts"), "confirmed": "yes"}
    desk_form = form | {"csrf": form_token(desk, "/reception/hosts")}

    assert 'action="/reception/hosts/signout"' not in desk.get("/reception/hosts").text
    assert desk.post("/reception/hosts/signout", data=desk_form).status_code == 404
    assert phone.get("/invitations").status_code == 200
    done = admin.post("/reception/hosts/signout", data=form)

    assert done.headers["location"] == "/reception/hosts?done=signed_out"
    assert phone.get("/invitations").status_code == 303
    assert audit_actors(site, "sessions_ended") == [admin_actor(site)]


def admin_actor(site) -> str:
    from kiosk.services.directory.hosts import host_by_email

    return f"staff:{host_by_email(site, ADMIN_EMAIL).id}"
