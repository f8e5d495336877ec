"""A host who was never given a terminal, on a phone: signs in by the emailed link, invites a
guest, and watches the guest arrive at the kiosk and reception sign them out from its page.
In Chromium, in both languages, on both backends; every page photographed at phone and desk
width (``scripts/screenshots`` copies them to docs/screenshots)."""

import re

import pytest

from kiosk.services.invitations.invite import invite
from kiosk.services.invitations.validity import invitation_named
from kiosk.services.outbox.senders import Channel, send_due
from kiosk.services.portal.staff import add_staff
from kiosk.services.reception.alerts import raise_alert
from kiosk.services.visits.check_in import check_in
from tests.builders import TOMORROW, open_now
from tests.portal_client import LINK, messages_to
from tests.web.conftest import DESKTOP, PHONE, SCREENSHOTS, host_signs_in


def photograph(page, name: str, language: str) -> None:
    """The page as it is now, at phone and at desk width; neither scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state()  # a form's answer may still be arriving after its click
    for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {size} width"
        page.screenshot(path=SCREENSHOTS / f"web-{name}-{language}-{size}.png", full_page=True)
    page.set_viewport_size(PHONE)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_host_invites_from_a_phone_and_the_guest_checks_in(
    browser, served, mail_server, language
):
    base = served.settings.portal_url
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "kiosk_lang", "value": language, "url": base}])
    page = context.new_page()

    page.goto(f"{base}/invitations")
    assert page.url == f"{base}/signin"
    photograph(page, "signin", language)
    page.fill("#email", "rina@menara.example")
    page.click("button[type=submit]")
    photograph(page, "signin-sent", language)
    (sign_in,) = messages_to(mail_server, "rina@menara.example")
    page.goto(LINK.search(sign_in.get_content()).group(0))
    photograph(page, "signin-link", language)
    page.click("button[type=submit]")
    assert page.url == f"{base}/invitations"
    photograph(page, "invitations-empty", language)

    page.click("a.button.primary")
    photograph(page, "invitation-new", language)
    send = page.locator("#invite button.primary")
    assert send.bounding_box()["y"] + send.bounding_box()["height"] <= PHONE["height"], (
        "the whole invite fits a phone's first screen"
    )
    page.fill("#name", "Siti Rahmawati")
    page.fill("#email", "siti at tamu")
    assert page.locator("input[name=day][value=today]").is_checked()
    page.click("#invite button[type=submit]")
    assert page.locator("#email-error").is_visible()
    photograph(page, "invitation-new-error", language)
    page.fill("#email", "siti@tamu.example")
    page.click("#invite button[type=submit]")
    assert page.locator(".status-invited").is_visible()
    code = page.locator(".code").inner_text().replace("-", "")
    photograph(page, "invitation", language)

    (invitation,) = messages_to(mail_server, "siti@tamu.example")
    assert code in invitation.as_string()
    arrived = check_in(served, invitation_named(served, code))
    page.reload()
    assert page.locator(".status-arrived").is_visible()
    page.goto(f"{base}/invitations")
    assert page.locator(".guests .status-arrived").count() == 1
    photograph(page, "invitations", language)
    reception_signs_out(browser, served, language, arrived.visit.badge_number)
    page.reload()
    assert page.locator(".guests .status-signed_out").count() == 1
    context.close()


def reception_signs_out(browser, served, language: str, badge_number: int) -> None:
    """Reception, at a desk PC, signs in with a password and signs the guest out."""
    base = served.settings.portal_url
    made = add_staff(served, "Dewi Lestari", "dewi@menara.example", "reception", "staff:test")
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": "kiosk_lang", "value": language, "url": base}])
    desk = context.new_page()
    desk.goto(f"{base}/signin/password")
    photograph(desk, "signin-password", language)
    desk.fill("#email", made.email)
    desk.fill("#password", made.password)
    desk.click("main button[type=submit]")
    assert desk.url == f"{base}/reception/expected"
    assert desk.locator(".status-arrived").count() == 1
    invite(served, open_now(name="Bayu Pratama", email=None), "staff:test")
    send_due(served, Channel.PRINT)  # Siti's badge, printed when she checked in
    desk.reload()
    photograph(desk, "reception-expected", language)
    searched(desk, "bayu", ["Bayu Pratama"])
    expected = desk.locator(".guests .entry", has_text="Bayu Pratama")
    expected.locator("select").select_option(served.settings.kiosk_id)
    expected.locator("button.primary").click()
    assert desk.locator(".notice").is_visible()
    assert (
        desk.locator(".guests .entry", has_text="Bayu Pratama").locator(".status-arrived").count()
    )
    assert str(send_due(served, Channel.PRINT)) == "1 sent", "the badge, at the chosen kiosk"
    desk.goto(f"{base}/reception/onsite")
    photograph(desk, "reception-onsite", language)
    searched(desk, "RAHMAWATI", [f"#{badge_number} Siti Rahmawati"])
    entry = desk.locator(".guests .entry", has_text=f"#{badge_number} Siti Rahmawati")
    entry.locator("button.primary").click()
    assert desk.locator("h1#question").is_visible(), "a sign-out asks first, on its own page"
    photograph(desk, "reception-confirm", language)
    desk.go_back()
    assert entry.count() == 1, "nothing was done before the yes"
    entry.locator("button.primary").click()
    desk.locator("main form button.danger").click()
    assert desk.locator(".notice").is_visible()
    assert entry.count() == 0
    raise_alert(served, "forged")
    desk.goto(f"{base}/reception/attention")
    photograph(desk, "reception-attention", language)
    desk.goto(f"{base}/reception/register")
    photograph(desk, "reception-register", language)
    desk.goto(f"{base}/reception/deny")
    desk.fill("#deny_name", "Joko Susilo")
    desk.fill("#deny_reason", "threatened staff")
    desk.click("#deny button[type=submit]")
    assert desk.locator(".guests .entry", has_text="Joko Susilo").count() == 1
    photograph(desk, "reception-deny", language)
    desk.goto(f"{base}/reception/hosts")
    photograph(desk, "reception-hosts", language)
    searched(desk, "rina", ["Rina Wijaya"])
    context.close()


def searched(page, query: str, names: list[str]) -> None:
    """The list's search box narrows it to ``names`` (the page has more)."""
    rows = page.locator(".guests .entry .name")
    assert rows.count() > len(names), "a search that cannot narrow proves nothing"
    page.fill("#q", query)
    page.click("form.search button[type=submit]")
    assert [name.strip() for name in rows.all_inner_texts()] == names


def test_the_readme_shows_committed_pictures_of_the_portal():
    readme = (SCREENSHOTS.parents[2] / "README.md").read_text()
    shown = re.findall(r"docs/screenshots/(web-[a-z-]+\.png)", readme)
    assert len(shown) >= 8
    for name in shown:
        assert (SCREENSHOTS.parents[2] / "docs" / "screenshots" / name).exists(), name


def test_an_admin_downloads_an_export_and_the_record_verifies_the_log_and_previews_the_purge(
    browser, served, mail_server
):
    base = served.settings.portal_url
    made = add_staff(served, "Ayu Lestari", "ayu@menara.example", "admin", "staff:test")
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    context.add_cookies([{"name": "kiosk_lang", "value": "en", "url": base}])
    page = context.new_page()
    page.goto(f"{base}/signin/password")
    page.fill("#email", made.email)
    page.fill("#password", made.password)
    page.click("main button[type=submit]")
    invite(served, open_now(name="Siti Rahmawati", email="siti@tamu.example"), "staff:test")
    page.click("nav.sections >> text=Requests")
    page.fill("#email", "siti@tamu.example")
    page.click("#find-person button[type=submit]")
    assert page.locator("#matches .name").inner_text() == "Siti Rahmawati"
    photograph(page, "admin-requests", "en")
    with page.expect_download() as download:
        page.click("#matches button.primary")
    assert "Siti Rahmawati" in download.value.path().read_text()
    assert download.value.suggested_filename == "subject-export.html"
    page.click("nav.sections >> text=Records")
    photograph(page, "admin-records", "en")
    with page.expect_download() as download:
        page.click("a[href='/admin/records/csv']")
    saved = download.value.path().read_text()
    assert download.value.suggested_filename == "record-of-processing.csv"
    assert saved.startswith("purpose,name,controller")
    page.click("nav.sections >> text=Audit log")
    assert "The audit log is intact" in page.locator("#audit-result").inner_text()
    photograph(page, "admin-audit", "en")
    page.click("nav.sections >> text=Retention")
    assert page.locator("#purge-preview").is_visible()
    photograph(page, "admin-retention", "en")
    context.close()


def test_names_in_every_script_are_drawn_with_the_portals_own_fonts(browser, served, mail_server):
    """Thai, Arabic and Devanagari names on a host's list: the browser draws them with the
    bundled Noto fonts the portal serves (Debian's Chromium has none of them), right to left
    where they read so; the navigation stays one row on a phone."""
    names = ("สมชาย ใจดี", "محمد بن سلمان", "अनुष्का शर्मा")
    for name in names:
        invite(served, open_now(name=name, email=None), "staff:test")
    base = served.settings.portal_url
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "kiosk_lang", "value": "en", "url": base}])
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    host_signs_in(page, base, mail_server)
    assert page.url == f"{base}/invitations"

    faces = "[...document.fonts].filter(face => face.status === 'loaded').map(face => face.family)"
    for _ in range(50):  # a face loads once the text that needs it is laid out
        loaded = page.evaluate(faces)
        if loaded.count("Kiosk Scripts") >= 3:
            break
        page.wait_for_timeout(200)
    assert loaded.count("Kiosk Scripts") == 3, (loaded, fetched)
    fonts = sorted({url.rsplit("/", 1)[1] for url in fetched if "/fonts/Noto" in url})
    assert fonts == [
        "NotoSansArabic-Bold.ttf",
        "NotoSansDevanagari-Bold.ttf",
        "NotoSansThai-Bold.ttf",
    ], "only the scripts on the page, from the portal itself"
    assert all(url.startswith(base) for url in fetched), "nothing from a third party"
    arabic = page.locator(".guests .name", has_text="محمد")
    assert arabic.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert page.locator("nav.sections").bounding_box()["height"] < 60, "one row"
    photograph(page, "invitations-scripts", "en")
    context.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_host_invites_an_events_guests_from_a_file_fixing_what_it_shows(
    browser, served, mail_server, language
):
    """At phone width: the file is checked, the bad line named in the host's language and
    nothing saved; the good rows are imported and listed."""
    base = served.settings.portal_url
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "kiosk_lang", "value": language, "url": base}])
    page = context.new_page()
    host_signs_in(page, base, mail_server)
    page.click("a[href='/invitations/import']")
    photograph(page, "upload", language)
    day = TOMORROW.isoformat()
    rows = f"date,name,email\n{day},Siti Rahmawati,siti@tamu.example\nbesok,Budi,budi@x.id\n"
    page.set_input_files(
        "#file", files=[{"name": "acara.csv", "mimeType": "text/csv", "buffer": rows.encode()}]
    )
    page.click("#check")

    bad = page.locator("table.problems tbody tr")
    assert bad.count() == 1 and bad.locator("td").first.inner_text() == "3"
    assert "2026-12-01" in bad.locator("td").nth(1).inner_text()
    photograph(page, "upload-checked", language)
    page.click("#import")

    assert page.url.endswith("/invitations?done=imported&count=1")
    assert page.locator(".guests .name", has_text="Siti Rahmawati").count() == 1
    assert page.locator("p.notice").is_visible()
    context.close()


def test_staff_see_the_password_they_type_on_demand_without_a_script(browser, served):
    base = served.settings.portal_url
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.add_cookies([{"name": "kiosk_lang", "value": "en", "url": base}])
    page = context.new_page()
    page.goto(f"{base}/signin/password")
    password = page.locator("#password")
    password.fill("rahasia-sekali")
    masking = "element => getComputedStyle(element).webkitTextSecurity"

    assert password.evaluate(masking) == "disc"
    page.click("text=Show password")
    assert password.evaluate(masking) == "none"
    photograph(page, "signin-password-shown", "en")
    page.click("text=Show password")
    assert password.evaluate(masking) == "disc"
    assert password.get_attribute("autocomplete") == "current-password"
    assert password.get_attribute("spellcheck") == "false", "never sent to a spelling service"
    context.close()


def test_a_hosts_cancel_asks_first_on_its_own_page_naming_the_guest(browser, served, mail_server):
    invite(served, open_now(name="Siti Rahmawati", email=None), "staff:test")
    base = served.settings.portal_url
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": "kiosk_lang", "value": "en", "url": base}])
    page = context.new_page()
    host_signs_in(page, base, mail_server)
    page.locator(".guests a", has_text="Siti Rahmawati").click()
    guest_page = page.url
    page.click("form[action$='/cancel'] button")

    assert page.locator("h1#question").is_visible()
    assert page.locator(".about").inner_text() == "Siti Rahmawati"
    page.click("text=No, go back")
    assert page.url == guest_page and page.locator(".status-invited").is_visible()
    page.click("form[action$='/cancel'] button")
    page.click("main form button.danger")
    assert page.locator(".status-cancelled").is_visible()
    context.close()
