"""A guest's own invitation page, reached only through its link: it shows their given name and
initial (nothing else of theirs), when, where, with whom, what to bring and the QR code the
kiosk scans; a moved invitation shows its new time, a cancelled, expired or used-up one says so
and shows no code; no browser or search engine keeps it; the host sees when it was first
opened, shares it by WhatsApp or a copied link, and can make a new link that revokes the old."""

import base64
import io
import json
import re
from datetime import datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import zxingcpp
from PIL import Image

from kiosk.services.invitations.invite import cancel_invitation, invite, reschedule_invitation
from kiosk.services.invitations.validity import invitation_named
from kiosk.services.lobby.arrival import arrive
from kiosk.services.visits.check_in import IdShown, check_in
from tests.builders import DURING, JAKARTA, TOMORROW, request, run
from tests.portal_client import form_token, invite_form, portal, signed_in

PHONE, DIGITS = "0812 3456 7890", "6281234567890"


@pytest.fixture
def site_overrides() -> dict[str, str]:
    return {
        "site.map_url": "https://maps.example/menara",
        "kiosk.verification": "id_last4",
        "notify.guest_phone": "json://127.0.0.1:9/guests/{phone}",
    }


def page_path(made) -> str:
    return urlsplit(made.guest_page).path


def qr_of(page: str) -> str:
    """The text of the QR code drawn on the page."""
    data = re.search(r'class="qr" src="data:image/png;base64,([^"]+)"', page).group(1)
    (code,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(data))))
    return code.text


def test_the_page_shows_the_visit_and_a_code_that_checks_the_guest_in(site) -> None:
    made = invite(site, request(phone=PHONE, language="en"), "staff:test")
    answer = portal(site, language="").get(page_path(made))
    assert answer.status_code == 200
    page = answer.text
    assert "Hello Siti R.," in page and "Rahmawati" not in page
    assert "siti@tamu.example" not in page and "3456" not in page
    assert "Rina Wijaya invites you to Menara Sudirman." in page
    assert "· 09:00\N{EN DASH}11:00" in page
    assert "Jl. Jend. Sudirman 1, Jakarta" in page and 'href="https://maps.example/menara"' in page
    assert "last 4 characters" in page, "what to bring where the site checks an ID"
    code = made.short_code
    assert f"{code[:4]}-{code[4:]}" in page
    assert arrive(site, qr_of(page), now=DURING).invitation_id == made.id
    assert check_in(site, made.id, shown=IdShown("ktp", "7Q2Z"), now=DURING).badge

    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-robots-tag"] == "noindex, nofollow"
    assert answer.headers["referrer-policy"] == "no-referrer"
    requested = re.findall(r'<(?:img|script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert requested and all(url.startswith(("/", "data:")) for url in requested), requested


def test_the_page_is_in_the_guests_language_and_switches(site) -> None:
    made = invite(site, request(language="en"), "staff:test")
    reader = portal(site, language="")
    assert "Add to calendar" in reader.get(page_path(made)).text
    reader.cookies.set("kiosk_lang", "id")
    assert "Tambahkan ke kalender" in reader.get(page_path(made)).text


def test_a_moved_invitation_shows_its_new_time_and_its_calendar_changes(site) -> None:
    made = invite(site, request(), "staff:test")
    reader = portal(site, language="id")
    first = icalendar.Calendar.from_ical(reader.get(f"{page_path(made)}/calendar.ics").content)
    reschedule_invitation(site, made.id, TOMORROW, time(14, 0), time(15, 0), "staff:test")
    assert "14.00\N{EN DASH}15.00" in reader.get(page_path(made)).text
    answer = reader.get(f"{page_path(made)}/calendar.ics")
    assert answer.headers["content-type"].startswith("text/calendar")
    moved = icalendar.Calendar.from_ical(answer.content)
    (before,), (after,) = first.walk("VEVENT"), moved.walk("VEVENT")
    assert before["UID"] == after["UID"] and after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") == datetime.combine(TOMORROW, time(14), JAKARTA)


@pytest.mark.parametrize("ending", ["cancelled", "expired", "used"])
def test_an_invitation_that_cannot_be_used_says_so_and_shows_no_code(site, ending) -> None:
    from kiosk import clock

    made = invite(site, request(), "staff:test")
    if ending == "cancelled":
        cancel_invitation(site, made.id, "staff:test")
    if ending == "used":
        assert check_in(site, made.id, shown=IdShown("ktp", "7Q2Z"), now=DURING).badge
    clock.set_now(DURING + timedelta(days=2) if ending == "expired" else DURING)
    reader = portal(site, language="id")
    page = reader.get(page_path(made)).text
    calendar = reader.get(f"{page_path(made)}/calendar.ics")
    said = {
        "cancelled": "Undangan ini dibatalkan.",
        "expired": "Undangan ini sudah kedaluwarsa.",
        "used": "Undangan ini sudah dipakai",
    }
    assert said[ending] in page
    assert 'class="qr"' not in page and made.short_code[:4] not in page
    assert calendar.status_code == 404


def test_the_host_sees_the_first_opening_shares_it_and_can_revoke_the_link(
    site, mail_server
) -> None:
    host = signed_in(site, mail_server)
    form = invite_form(host, email="", phone=PHONE)
    detail = host.post("/invitations/new", data=form).headers["location"]
    page = host.get(detail).text
    assert "has not opened their page yet" in page
    link = re.search(r'id="page-link" readonly value="([^"]+)"', page).group(1)
    whatsapp = re.search(r'id="whatsapp" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    parts = urlsplit(whatsapp)
    assert (parts.netloc, parts.path) == ("wa.me", f"/{DIGITS}")
    (text,) = parse_qs(parts.query)["text"]
    assert text.startswith("Halo Siti R., Rina Wijaya mengundang Anda") and text.endswith(link)
    assert qr_of(page) == site.tokens.token(invitation_named(site, qr_of(page)))

    preview = portal(site)
    preview.headers["user-agent"] = "WhatsApp/2.24.1 A"
    assert preview.get(urlsplit(link).path).status_code == 200
    assert "has not opened their page yet" in host.get(detail).text, "a chat's link preview"
    guest = portal(site)
    assert guest.get(urlsplit(link).path).status_code == 200
    assert guest.get(urlsplit(link).path).status_code == 200
    opened = host.get(detail).text
    assert opened.count("first opened their page") == 1

    token = form_token(host, detail)
    assert host.post(f"{detail}/link", data={"csrf": token}).status_code == 303
    new_link = re.search(r'id="page-link" readonly value="([^"]+)"', host.get(detail).text)[1]
    assert new_link != link
    assert guest.get(urlsplit(link).path).status_code == 404
    assert guest.get(urlsplit(new_link).path).status_code == 200


def test_a_forged_or_another_sites_link_finds_nothing(site) -> None:
    made = invite(site, request(), "staff:test")
    path = page_path(made)
    forged = path[:-2] + ("AA" if not path.endswith("AA") else "BB")
    for wrong in (forged, "/i/PAAAAAQ", "/i/" + made.token, "/i/%00"):
        assert portal(site).get(wrong).status_code == 404


def test_the_invitation_command_and_email_give_the_guests_page(site, mail_server) -> None:
    day = TOMORROW.isoformat()
    invited = run(site, "invite", "--host", "rina@menara.example", "--name", "Ani Lestari")
    assert invited.exit_code == 2
    shown = run(
        site,
        *("invite", "--host", "rina@menara.example", "--name", "Ani Lestari"),
        *("--email", "ani@tamu.example", "--date", day, "--json"),
    )
    assert shown.exit_code == 0, shown.output
    made = json.loads(shown.stdout.splitlines()[0])
    assert made["guest_page"].startswith(f"{site.settings.portal_url}/i/P")
    lines = run(
        site,
        *("invite", "--host", "rina@menara.example", "--name", "Budi"),
        *("--phone", PHONE, "--date", day),
    ).stdout
    assert re.search(r"^guest page: http://\S+/i/P\S+$", lines, re.M)
    (message,) = [m for m in mail_server.inbox.messages if m["To"] == "ani@tamu.example"]
    assert made["guest_page"] in message.get_body(("plain",)).get_content()


def test_a_preview_shows_what_the_guest_gets_and_stores_nothing(site, mail_server) -> None:
    host = signed_in(site, mail_server)
    form = invite_form(host, phone=PHONE) | {"action": "preview"}
    shown = host.post("/invitations/new", data=form)
    assert shown.status_code == 200
    assert "Email to siti@tamu.example" in shown.text
    assert "Kunjungan Anda ke Menara Sudirman" in shown.text, "in the guest's language"
    assert "Halo Siti R., Rina Wijaya mengundang Anda" in shown.text
    assert 'value="Siti Rahmawati"' in shown.text, "the form keeps what was typed"
    assert "Kursi roda" not in shown.text
    assert run(site, "expected", "--date", TOMORROW.isoformat(), "--json").stdout.strip() == "[]"


def test_reception_shares_the_page_of_a_guest_it_registers(site, mail_server) -> None:
    from kiosk.services.portal.staff import add_staff
    from tests.portal_client import staff_signed_in

    password = add_staff(site, "Dewi Desk", "dewi@menara.example", "reception", "t").password
    desk = staff_signed_in(site, "dewi@menara.example", password)
    form = invite_form(desk, email="", phone=PHONE) | {"host": "rina@menara.example"}
    form["csrf"] = form_token(desk, "/reception/register")
    registered = desk.post("/reception/register", data=form).headers["location"]
    assert registered.startswith("/reception/invitations/")
    page = desk.get(registered).text
    assert 'id="whatsapp" href="https://wa.me/6281234567890?text=' in page
    assert 'id="page-link"' in page
