"""A guest's path on the real kiosk: scan the invitation, read the notice, confirm, take the
badge in two touches; scan the badge to leave; anything wrong ends at reception."""

from dataclasses import replace
from functools import partial

import zxingcpp
from kivy.clock import Clock
from PIL import Image

from kiosk.privacy.site_policy import site_policy
from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.flow import LobbyFlow
from kiosk.services.reception.alerts import open_alerts
from kiosk.services.visits.on_site import on_site
from kiosk.ui.app import SCAN_PAUSE
from tests.builders import member, open_now
from tests.mail_server import free_port
from tests.ui.driving import (
    TAKE_YOUR_BADGE,
    details_lines,
    invited_now,
    press_keys,
    scan,
    use_printer,
)


class TouchCounter:
    def __init__(self, driver) -> None:
        self.count = 0
        original = driver.tap

        def counting_tap(widget_id: str) -> None:
            self.count += 1
            original(widget_id)

        driver.tap = counting_tap


def test_an_invited_guest_gets_a_badge_in_two_touches_and_signs_out(kiosk_app) -> None:
    made = invited_now(kiosk_app)
    touches = TouchCounter(kiosk_app)
    scan(kiosk_app, made.token)
    assert kiosk_app.app.root.current == "notice"
    assert kiosk_app.widget("kept").says == "Nama, Email, dan Telepon"
    assert kiosk_app.widget("why").says == "Mengenali Anda dan membuat lencana"
    assert kiosk_app.widget("how_long").says == "30 hari setelah kunjungan berakhir, lalu dihapus"
    kiosk_app.screenshot("lobby-notice-id")

    kiosk_app.tap("accept")
    assert kiosk_app.widget("greeting").text == "Selamat datang, Siti R."
    assert "Rina Wijaya" in kiosk_app.widget("details").text
    kiosk_app.screenshot("lobby-arrival-id")

    kiosk_app.tap("confirm")
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("title").text == TAKE_YOUR_BADGE)
    told = "Rina Wijaya sudah diberi tahu bahwa Anda telah tiba. Silakan duduk."
    assert kiosk_app.widget("subtitle").text == told
    assert "Nomor lencana 1" in kiosk_app.widget("detail").text
    counted = kiosk_app.widget("countdown").text
    assert counted == "Kembali ke awal dalam 10 detik"
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("countdown").text != counted, 3)
    assert kiosk_app.screen.badge is not None, "the badge's picture is shown"
    kiosk_app.screenshot("lobby-badge-id")
    assert touches.count == 2
    (guest,) = on_site(kiosk_app.app.kiosk)
    assert guest.guest_name == "Siti Rahmawati"

    kiosk_app.tap("done")
    assert kiosk_app.app.root.current == "welcome"
    scan(kiosk_app, kiosk_app.app.kiosk.badge_tokens.token(guest.visit_id))
    assert kiosk_app.widget("title").text == "Sampai jumpa, Siti R."
    kiosk_app.screenshot("lobby-goodbye-id")
    assert on_site(kiosk_app.app.kiosk) == []


def test_a_wrong_code_or_not_me_ends_at_reception_without_saying_why(kiosk_app) -> None:
    scan(kiosk_app, "NOTACODE")
    assert kiosk_app.widget("title").text == "Silakan ke resepsionis"
    assert kiosk_app.widget("subtitle").text == "Petugas kami akan segera membantu Anda."
    title = kiosk_app.widget("title")
    middle = title.to_window(title.center_x, 0)[0]
    assert abs(middle - kiosk_app.window.width / 2) <= 1, "centred, no room kept for a badge"
    assert kiosk_app.app.lobby.state.reason == "forged"
    kiosk_app.screenshot("lobby-reception-id")
    kiosk_app.tap("done")

    made = invited_now(kiosk_app, "Budi Santoso")
    kiosk_app.tap("language_toggle")
    scan(kiosk_app, made.short_code)
    kiosk_app.tap("accept")
    assert kiosk_app.widget("greeting").text == "Welcome, Budi S."
    kiosk_app.screenshot("lobby-arrival-en")
    kiosk_app.tap("not_me")
    assert kiosk_app.widget("title").text == "Please see reception"
    assert on_site(kiosk_app.app.kiosk) == []


def test_the_scanner_is_ignored_away_from_the_welcome_screen(kiosk_app) -> None:
    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    scan(kiosk_app, "NOTACODE")
    assert kiosk_app.app.root.current == "notice", "a stray scan does not derail the guest"
    kiosk_app.app._last_touch -= kiosk_app.app.kiosk.settings.inactivity_timeout
    assert kiosk_app.wait_for(lambda: kiosk_app.app.root.current == "welcome")
    assert kiosk_app.app.lobby.state.arrival is None, "the guest's details are forgotten"


def test_half_a_scan_left_behind_does_not_spoil_the_next_guests_code(kiosk_app) -> None:
    """A badge pulled away mid-scan leaves characters without Enter: the next guest's valid
    invitation was read with them in front, as a forged code."""
    made = invited_now(kiosk_app)
    for character in made.token[:9]:
        kiosk_app.window.dispatch("on_textinput", character)
    kiosk_app.frames(2)
    paused = Clock.get_time()
    assert kiosk_app.wait_for(lambda: Clock.get_time() - paused > SCAN_PAUSE, timeout=3)
    scan(kiosk_app, made.token)
    assert kiosk_app.app.root.current == "notice"
    assert open_alerts(kiosk_app.app.kiosk) == []


def test_a_guest_types_the_code_on_the_keypad_and_signs_out_from_its_screen(kiosk_app) -> None:
    made = invited_now(kiosk_app)
    kiosk_app.screenshot("welcome-buttons-id")
    kiosk_app.tap("have_invitation")
    assert kiosk_app.app.root.current == "code_entry"
    assert "0" not in kiosk_app.screen.ids and "key_O" not in kiosk_app.screen.ids
    for character in made.short_code[:7]:
        kiosk_app.tap(f"key_{character}")
    assert kiosk_app.widget("ok").disabled, "a short code is complete at 8 characters"
    kiosk_app.tap("key_2")
    kiosk_app.tap("erase")
    kiosk_app.tap(f"key_{made.short_code[7]}")
    boxes = [
        box.text for box in reversed(kiosk_app.widget("typed").children) if box.text != "\u2013"
    ]
    assert boxes == list(made.short_code), "one character a box, XXXX-XXXX"
    kiosk_app.screenshot("lobby-code-id")
    kiosk_app.tap("ok")
    assert kiosk_app.app.root.current == "notice"
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    (guest,) = on_site(kiosk_app.app.kiosk)

    kiosk_app.tap("done")
    kiosk_app.tap("sign_out")
    kiosk_app.screenshot("lobby-sign-out-id")
    scan(kiosk_app, kiosk_app.app.kiosk.badge_tokens.token(guest.visit_id))
    assert kiosk_app.widget("title").text == "Sampai jumpa, Siti R."


def test_a_walk_in_finds_their_host_by_two_letters_and_gets_a_badge(kiosk_app) -> None:
    kiosk = kiosk_app.app.kiosk
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example", unit="12F"), "t")
        add_host(uow, kiosk, member("Budi Santoso", "budi@menara.example"), "t")
        uow.commit()
    guest_like_a_host = open_now(host_email="budi@menara.example", name="Rini Visitor")
    invite(kiosk, guest_like_a_host, "staff:test")  # its name must never be offered
    kiosk_app.tap("no_invitation")
    assert kiosk_app.app.root.current == "notice"
    kiosk_app.tap("accept")
    assert kiosk_app.app.root.current == "walk_in"

    kiosk_app.type_text("name", "Nguyễn Thị Minh Khai")
    kiosk_app.tap("submit")
    assert kiosk_app.widget("problem").text == "Pilih orang yang Anda kunjungi."
    kiosk_app.type_text("host_search", "r")
    assert kiosk_app.widget("matches").children == [], "nothing before two letters"
    kiosk_app.type_text("host_search", "i")
    offered = [b.text for b in kiosk_app.widget("matches").children]
    assert offered == ["Rina Wijaya (12F)"], "hosts only: no guest's name is ever shown"
    kiosk_app._tap_widget(kiosk_app.widget("matches").children[0])
    assert kiosk_app.widget("chosen_host").text == "Mengunjungi: Rina Wijaya (12F)"
    assert "company" not in kiosk_app.screen.ids, "a company is asked of vendors only"
    kiosk_app.choose("visit_type", "Vendor atau pemasok")
    assert kiosk_app.widget("company").text == "", "the vendor's form asks for it"
    kiosk_app.choose("visit_type", "Acara")
    assert kiosk_app.widget("companions").input_filter == "int", "an event's: how many come"
    kiosk_app.choose("visit_type", "Rapat")
    assert "company" not in kiosk_app.screen.ids
    assert kiosk_app.widget("name").text == "Nguyễn Thị Minh Khai", "what was typed stays"

    kiosk_app.tap("submit")
    assert kiosk_app.widget("problem").text == "Mohon isi nomor telepon atau alamat email Anda."
    kiosk_app.type_text("phone", "12")
    kiosk_app.tap("submit")
    assert kiosk_app.widget("problem").text == "Mohon periksa: Telepon"
    kiosk_app.widget("phone").text = ""
    kiosk_app.type_text("phone", "0812 3456 7890")
    kiosk_app.tap("why_phone")
    assert "Kepentingan yang sah" in kiosk_app.window.children[0].ids.details.text
    kiosk_app._tap_widget(kiosk_app.window.children[0].ids.close)
    kiosk_app.screenshot("lobby-walk-in-id")
    kiosk_app.tap("submit")
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("title").text == TAKE_YOUR_BADGE)
    (guest,) = on_site(kiosk)
    assert (guest.guest_name, guest.host_name) == ("Nguyễn Thị Minh Khai", "Rina Wijaya")


def test_where_the_site_matches_ids_the_guest_gives_type_and_last_4(kiosk_app) -> None:
    kiosk = kiosk_app.app.kiosk
    kiosk_app.app.kiosk = replace(kiosk, settings=replace(kiosk.settings, verification="id_match"))
    kiosk_app.app.lobby = LobbyFlow(kiosk_app.app.kiosk)
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example"), "t")
        uow.commit()
    made = invite(kiosk, open_now(email=None, id_type="passport", id_last4="7Q2Z"), "staff:test")
    scan(kiosk_app, made.token)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    assert kiosk_app.app.root.current == "verify"
    kiosk_app.tap("type_passport")
    for character in "7Q2Z":
        kiosk_app.tap(f"key_{character}")
    assert kiosk_app.widget("typed").text == "7 Q 2 Z"
    kiosk_app.screenshot("lobby-verify-id")
    kiosk_app.tap("ok")
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("title").text == TAKE_YOUR_BADGE)

    budi = open_now(name="Budi Santoso", email=None, id_type="passport", id_last4="7Q2Z")
    other = invite(kiosk, budi, "staff:test")
    kiosk_app.tap("done")
    scan(kiosk_app, other.token)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    kiosk_app.tap("type_ktp")
    for character in "1111":
        kiosk_app.tap(f"key_{character}")
    kiosk_app.tap("ok")
    assert kiosk_app.widget("title").text == "Silakan ke resepsionis"
    assert kiosk_app.app.lobby.state.reason == "id_mismatch"


def test_an_idle_guest_is_warned_before_the_screen_starts_over(kiosk_app) -> None:
    app = kiosk_app.app
    timeout = app.kiosk.settings.inactivity_timeout
    kiosk_app.tap("no_invitation")
    kiosk_app.tap("accept")
    kiosk_app.type_text("name", "Siti Rahmawati")

    def warning():
        return next((c for c in kiosk_app.window.children if "countdown" in c.ids), None)

    app._last_touch -= timeout - 5
    assert kiosk_app.wait_for(lambda: warning() is not None)
    assert "layar kembali ke awal" in warning().ids.countdown.text
    kiosk_app.screenshot("lobby-idle-warning-id")
    kiosk_app._tap_widget(warning().ids.still_here)
    assert warning() is None and app.root.current == "walk_in"
    assert kiosk_app.widget("name").text == "Siti Rahmawati", "a touch keeps the guest's work"

    app._last_touch -= timeout
    assert kiosk_app.wait_for(lambda: app.root.current == "welcome")
    assert warning() is None


def test_the_notices_question_mark_says_who_holds_the_data_on_what_law(kiosk_app) -> None:
    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    kiosk_app.tap("details")
    sheet = kiosk_app.screen.details
    assert sheet.parent is kiosk_app.window, "the sheet is open"
    said = details_lines(kiosk_app)
    controller = kiosk_app.app.kiosk.gateway.registry.controller
    assert "WeLive dan Powered by WeLive" in said[0] and controller.email in said[0]
    assert any(
        "Kepentingan yang sah (UU PDP Pasal 20 ayat (2) huruf f; GDPR Art. 6(1)(f))" in line
        and "30 hari" in line
        for line in said
    )
    shot = kiosk_app.screenshot("lobby-notice-details-id")
    (code,) = zxingcpp.read_barcodes(Image.open(shot))
    assert code.text == kiosk_app.app.kiosk.settings.policy_url, "a phone reads the policy's QR"
    kiosk_app._tap_widget(sheet.ids.close)
    assert sheet.parent is None
    assert kiosk_app.app.root.current == "notice"


def test_a_consent_is_a_separate_unticked_box_and_only_a_tick_records_it(kiosk_app) -> None:
    app = kiosk_app.app
    settings = replace(app.kiosk.settings, privacy_enable=("visitor-marketing",))
    app.kiosk.gateway.policy = site_policy(settings)
    made = invited_now(kiosk_app)
    second = invited_now(kiosk_app, "Budi Santoso Jr")
    kiosk = app.kiosk

    scan(kiosk_app, made.token)
    box = kiosk_app.widget("consent_visitor-marketing")
    assert box.active is False, "never pre-ticked"
    assert box.get_root_window() is None, "not on the guest's way: behind the notice's ?"
    kiosk_app.tap("details")
    kiosk_app.screenshot("lobby-notice-consent-id")
    kiosk_app._tap_widget(kiosk_app.screen.details.ids.close)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    kiosk_app.tap("done")

    scan(kiosk_app, second.token)
    kiosk_app.tap("details")
    kiosk_app._tap_widget(kiosk_app.widget("consent_visitor-marketing"))
    assert kiosk_app.widget("consent_visitor-marketing").active
    kiosk_app.screenshot("lobby-notice-consent-ticked-id")
    kiosk_app._tap_widget(kiosk_app.screen.details.ids.close)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")

    with kiosk.unit_of_work() as uow:
        first_guest = uow.invitations.get(kiosk.site.id, made.id).guest_subject_id
        second_guest = uow.invitations.get(kiosk.site.id, second.id).guest_subject_id
        assert not uow.consents.is_active(first_guest, "visitor-marketing")
        assert uow.consents.is_active(second_guest, "visitor-marketing")


def test_a_printer_that_cannot_print_sends_the_guest_to_reception_and_tells_staff(
    kiosk_app,
) -> None:
    use_printer(kiosk_app, f"tcp://127.0.0.1:{free_port()}")
    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("title").text == "Silakan ke resepsionis")
    kiosk_app.screenshot("lobby-printer-offline-id")
    (alert,) = open_alerts(kiosk_app.app.kiosk)
    assert (alert.reason, alert.guest_name, alert.can_reprint) == (
        "badge_not_printed",
        "Siti Rahmawati",
        True,
    )
    assert len(on_site(kiosk_app.app.kiosk)) == 1, "the check-in stands"


def test_a_walk_in_types_their_name_on_the_screen_accents_included(kiosk_app) -> None:
    kiosk_app.tap("no_invitation")
    kiosk_app.tap("accept")
    assert not kiosk_app.widget("keyboard").opacity, "no keyboard before a field is touched"
    kiosk_app.tap("name")
    keyboard = kiosk_app.widget("keyboard")
    assert kiosk_app.wait_for(lambda: keyboard.opacity == 1 and keyboard.height > 250)
    press = partial(press_keys, kiosk_app)
    press("z", "o", "accents")
    kiosk_app.screenshot("lobby-keyboard-accents-id")
    press("ë", "space", "o", "'", "b", "r", "i", "e", "n", "n", "backspace")
    assert kiosk_app.widget("name").text == "Zoë O'Brien", "each word starts with a capital"
    assert all(key.height >= 64 for key in keyboard.keys.values()), "64 px touch targets"
    kiosk_app.tap("phone")
    assert keyboard.page == "symbols", "a phone number starts on the digits"
    press("0", "8", "1", "2")
    assert kiosk_app.widget("phone").text == "0812"
    kiosk_app.screenshot("lobby-keyboard-id")
    press("hide")
    assert kiosk_app.wait_for(lambda: keyboard.opacity == 0), "hidden on request"


def test_a_chinese_name_is_drawn_in_a_font_that_has_it(kiosk_app) -> None:
    """Noto Sans has no Chinese: without the bundled wide font each character would be the
    same empty box."""
    scan(kiosk_app, invited_now(kiosk_app, name="王芳").token)
    kiosk_app.tap("accept")
    greeting = kiosk_app.widget("greeting")
    kiosk_app.screenshot("lobby-arrival-chinese")
    *_welcome, first, second = glyph_images(greeting.texture)
    assert first.tobytes() != second.tobytes(), "王 and 芳 look different: not two boxes"


def test_an_arabic_name_is_greeted_joined_and_right_to_left(kiosk_app, browser) -> None:
    """Kivy draws text unshaped and left to right: the greeting is drawn by the kiosk's own
    lettering, and must look as an independent shaper (Chromium) draws the same words."""
    from PIL import Image

    from tests.shaping import LIKE, browser_drawn, likeness

    scan(kiosk_app, invited_now(kiosk_app, name="محمد بن سلمان").token)
    kiosk_app.tap("accept")
    greeting = kiosk_app.widget("greeting")
    assert greeting.text.endswith("محمد بن سلمان"), "a name without initials is shown whole"
    kiosk_app.screenshot("lobby-arrival-arabic")
    texture = greeting.texture
    drawn = Image.frombytes("RGBA", texture.size, texture.pixels).getchannel("A")
    theirs = browser_drawn(browser, greeting.text, round(greeting.font_size), bold=True)
    assert likeness(drawn, theirs) >= LIKE


def glyph_images(texture) -> list:
    """The drawn characters of a label's texture, left to right, cut at empty columns."""
    from PIL import Image

    ink = Image.frombytes("RGBA", texture.size, texture.pixels).getchannel("A")
    columns = [ink.crop((x, 0, x + 1, ink.height)).getbbox() is not None for x in range(ink.width)]
    glyphs, start = [], None
    for x, inked in enumerate([*columns, False]):
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            glyphs.append(ink.crop((start, 0, x, ink.height)))
            start = None
    return glyphs


def test_a_guest_without_their_badge_signs_out_by_first_name(kiosk_app) -> None:
    """Only guests on site, shown as "Siti R.", after two letters; reception is told."""
    kiosk = kiosk_app.app.kiosk
    for name in ("Siti Rahmawati", "Budi Santoso"):
        scan(kiosk_app, invited_now(kiosk_app, name).token)
        kiosk_app.tap("accept")
        kiosk_app.tap("confirm")
        kiosk_app.tap("done")
    kiosk_app.tap("sign_out")
    kiosk_app.tap("lost_badge")
    assert kiosk_app.app.root.current == "lost_badge"

    kiosk_app.type_text("first_name", "S")
    assert kiosk_app.widget("matches").children == [], "one letter shows nobody"
    kiosk_app.type_text("first_name", "i")
    (choice,) = kiosk_app.widget("matches").children
    assert choice.text == "Siti R."
    kiosk_app.screenshot("lobby-lost-badge-id")
    kiosk_app._tap_widget(choice)

    assert kiosk_app.widget("title").text == "Sampai jumpa, Siti R."
    assert [guest.guest_name for guest in on_site(kiosk)] == ["Budi Santoso"]
    assert [alert.reason for alert in open_alerts(kiosk)] == ["badge_lost"]


def test_every_step_before_the_check_in_has_back_and_backspace_is_a_quiet_key(kiosk_app) -> None:
    """The notice and the ID check had no way back; deleting one character was the red of
    cancelling an invitation."""
    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    assert kiosk_app.app.root.current == "notice"
    kiosk_app.tap("back")
    assert kiosk_app.app.root.current == "welcome"
    assert kiosk_app.app.lobby.state.arrival is None, "nothing of the guest is kept"

    kiosk_app.tap("have_invitation")
    back, erase = kiosk_app.widget("back"), kiosk_app.widget("erase")
    assert list(erase.background_color) == list(back.background_color)
