"""A guest uses their rights from a phone, with nobody's help: opens ``/privacy``, asks for a
link, reads and downloads what is held about them, corrects their name, withdraws their
marketing consent and asks for erasure; an admin sees the request with its clock at the desk
and erases, and the byte search of the database finds none of the guest's values. In
Chromium, in both languages, on both backends; the pages photographed at phone and desk
width."""

import json

import pytest

from kiosk.services.portal.staff import add_staff
from kiosk.services.rights.requests import PersonQuery
from tests.builders import DURING, found_in_database, send_mail
from tests.portal_client import messages_to
from tests.privacy_helpers import held_bytes
from tests.test_self_service_rights import LINK, SITI, guest_with_consent
from tests.web.conftest import DESKTOP, PHONE
from tests.web.test_portal_browser import photograph

WORDS = {
    "id": {
        "sent": "Periksa email Anda",
        "erase": "Hapus data saya",
        "left": "sisa 71 jam",
        "answer": "Permintaan Anda ke Menara Sudirman",
        "done": "Sudah dilakukan.",
        "invited": "Anda, lewat email: undangan Anda",
    },
    "en": {
        "sent": "Check your email",
        "erase": "Erase my data",
        "left": "71 h left",
        "answer": "Your request to Menara Sudirman",
        "done": "It is done.",
        "invited": "You, by email: your invitation",
    },
}


def confirm(page) -> None:
    """Answers the confirmation page's yes."""
    page.click("main form button.danger")


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_guest_sees_withdraws_and_asks_for_erasure_and_an_admin_erases_on_time(
    browser, served, mail_server, database_url, language: str
):
    words, base = WORDS[language], served.settings.portal_url
    guest_with_consent(served)
    assert send_mail(served, now=DURING).counts["sent"] >= 1, "her invitation, at least"
    mail_server.inbox.messages.clear()  # what she waits for below is her link
    held = held_bytes(served, PersonQuery(email=SITI))
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    context.add_cookies([{"name": "kiosk_lang", "value": language, "url": base}])
    guest = context.new_page()
    guest.goto(f"{base}/privacy")
    assert guest.locator("#fields li").count() >= 3, "the fields this site asks visitors for"
    photograph(guest, "privacy", language)
    guest.fill("#email", SITI)
    guest.click("#ask button[type=submit]")
    assert words["sent"] in guest.locator("h1").inner_text()
    (message,) = messages_to(mail_server, SITI)
    guest.goto(LINK.search(message.get_content()).group(0))
    guest.click("main button[type=submit]")
    assert "Siti Rahmawati" in guest.locator("main").inner_text()
    assert words["invited"] in guest.locator("ul.received").inner_text(), "who received it"
    photograph(guest, "privacy-me", language)
    with guest.expect_download() as download:
        guest.click("a[href='/privacy/me/data.json']")
    saved = json.loads(download.value.path().read_text())
    assert "Siti Rahmawati" in {v["value"] for v in saved["people"][0]["values"]}
    name = guest.locator("#held-values li").first
    name.locator("details.correct summary").click()
    name.locator("input[name=value]").fill("Siti Rahmawati Putri")
    photograph(guest, "privacy-correct", language)
    name.locator("details.correct button[type=submit]").click()
    assert guest.locator("#privacy-done").is_visible()
    assert "Siti Rahmawati Putri" in guest.locator("#held-values").inner_text()

    guest.click("main form[action='/privacy/me/withdraw'] button")
    confirm(guest)
    assert guest.locator("#privacy-done").is_visible()
    assert guest.locator("main form[action='/privacy/me/withdraw']").count() == 0
    guest.click(f"#requests button:has-text('{words['erase']}')")
    confirm(guest)
    assert guest.locator("#my-requests").is_visible()
    context.close()

    admin = add_staff(served, "Ayu Lestari", "ayu@menara.example", "admin", "staff:test")
    desk_context = browser.new_context(viewport=DESKTOP)
    desk_context.add_cookies([{"name": "kiosk_lang", "value": language, "url": base}])
    desk = desk_context.new_page()
    desk.goto(f"{base}/signin/password")
    desk.fill("#email", admin.email)
    desk.fill("#password", admin.password)
    desk.click("main button[type=submit]")
    desk.goto(f"{base}/admin/requests")
    waiting = desk.locator("#guest-requests li")
    assert waiting.count() == 1 and "Siti Rahmawati" in waiting.inner_text()
    assert words["left"] in waiting.inner_text()
    photograph(desk, "admin-guest-requests", language)
    waiting.locator("button").click()
    desk.click("#erase button.danger")
    confirm(desk)
    assert desk.locator("#request-done").is_visible()
    assert desk.locator("#guest-requests li").count() == 0, "the erasure answered the request"
    desk_context.close()
    assert found_in_database(held, database_url) == []
    answer = messages_to(mail_server, SITI, wanted=2)[-1]
    assert answer["Subject"] == words["answer"], "told in the language they asked in"
    assert words["done"] in answer.get_content()
