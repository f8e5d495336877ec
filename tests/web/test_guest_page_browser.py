"""In Chromium at a phone's width: the invitation page a guest invited by phone opens, its QR
code read off the screen checking them in at the kiosk; a moved and a cancelled invitation;
and the host's view that sends it by WhatsApp to the right number with the right words."""

import io
from datetime import time
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from kiosk.services.invitations.invite import cancel_invitation, invite, reschedule_invitation
from kiosk.services.lobby.arrival import arrive
from kiosk.services.visits.check_in import check_in
from tests.builders import DURING, TOMORROW, request
from tests.web.conftest import PHONE, host_signs_in
from tests.web.test_portal_browser import photograph

NUMBER, DIGITS = "0812 3456 7890", "6281234567890"


@pytest.fixture
def site_overrides() -> dict[str, str]:
    return {"notify.guest_phone": "json://127.0.0.1:9/guests/{phone}"}


def reader(browser, served, language: str):
    context = browser.new_context(viewport=PHONE)
    base = served.settings.portal_url
    context.add_cookies([{"name": "kiosk_lang", "value": language, "url": base}])
    return context


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_phone_only_guests_page_checks_them_in_from_the_screen(browser, served, language):
    made = invite(served, request(email=None, phone=NUMBER), "staff:test")
    context = reader(browser, served, language)
    page = context.new_page()
    page.goto(made.guest_page)
    assert page.locator("img.qr").is_visible()
    photograph(page, "guest-page", language)
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    (code,) = zxingcpp.read_barcodes(shot)
    assert arrive(served, code.text, now=DURING).invitation_id == made.id
    assert check_in(served, made.id, now=DURING).badge
    page.reload()
    assert page.locator("img.qr").count() == 0
    context.close()


def test_a_moved_and_a_cancelled_invitation_read_as_they_are(browser, served):
    moved = invite(served, request(email=None, phone=NUMBER), "staff:test")
    reschedule_invitation(served, moved.id, TOMORROW, time(14, 0), time(16, 0), "staff:test")
    cancelled = invite(served, request(name="Budi Santoso", email=None), "staff:test")
    cancel_invitation(served, cancelled.id, "staff:test")
    context = reader(browser, served, "id")
    page = context.new_page()
    page.goto(moved.guest_page)
    assert "14.00\N{EN DASH}16.00" in page.locator(".facts").inner_text()
    page.goto(cancelled.guest_page)
    assert page.locator(".over").inner_text().startswith("Undangan ini dibatalkan.")
    assert page.locator("img.qr").count() == 0
    photograph(page, "guest-page-cancelled", "id")
    context.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_host_sends_the_invitation_by_whatsapp(browser, served, mail_server, language):
    base = served.settings.portal_url
    context = reader(browser, served, language)
    page = context.new_page()
    host_signs_in(page, base, mail_server)
    page.goto(f"{base}/invitations/new")
    page.fill("#name", "Siti Rahmawati")
    page.fill("#phone", NUMBER)
    page.check("input[name=day][value=tomorrow]")
    page.click("#invite button[type=submit].primary")
    share = page.locator("#share")
    assert share.is_visible()
    photograph(page, "host-share", language)
    link = page.locator("#page-link").input_value()
    whatsapp = urlsplit(page.locator("#whatsapp").get_attribute("href"))
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", f"/{DIGITS}")
    (text,) = parse_qs(whatsapp.query)["text"]
    assert text.startswith("Halo Siti R.,") and text.endswith(link), "in the guest's language"
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.click("[data-copy]")
    expect(page.locator("[data-copy]")).to_have_text({"id": "Tersalin", "en": "Copied"}[language])
    assert page.evaluate("navigator.clipboard.readText()") == link
    context.close()
