"""Staff mode on the kiosk: behind the PIN, register a guest with "why do we ask?" beside each
personal field, and see today's expected guests; idle, it closes itself."""

from kiosk.services.lobby.staff_pin import MAX_TRIES
from kiosk.services.reception.expected import expected_guests
from tests.ui.driving import (
    STAFF_PIN,
    add_demo_host,
    enter_pin,
    in_view,
    press_keys,
    unlock,
)


def test_a_short_touch_on_the_clock_does_not_open_staff_mode(kiosk_app) -> None:
    kiosk_app.hold("clock", 1.0)
    assert kiosk_app.app.root.current == "welcome"


def test_the_pin_guards_staff_mode(kiosk_app) -> None:
    kiosk_app.hold("clock", 3.2)
    enter_pin(kiosk_app, "1111")
    assert kiosk_app.app.root.current == "staff_pin"
    assert kiosk_app.widget("message").text == f"PIN salah. Sisa {MAX_TRIES - 1} percobaan."
    kiosk_app.screenshot("staff-pin-wrong")
    for _ in range(MAX_TRIES - 1):
        enter_pin(kiosk_app, "1111")
    enter_pin(kiosk_app, STAFF_PIN)
    assert kiosk_app.app.root.current == "staff_pin", "locked out, even with the right PIN"
    assert "Terlalu banyak PIN salah" in kiosk_app.widget("message").text
    kiosk = kiosk_app.app.kiosk
    with kiosk.unit_of_work() as uow:
        refused = [
            e.detail for e in uow.audit.entries(kiosk.site.id) if e.action == "staff_pin_refused"
        ]
    assert refused == ["wrong"] * MAX_TRIES + ["locked"], "every refused PIN is audited"

    kiosk_app.tap("cancel")
    kiosk_app.app.root.current = "expected"
    kiosk_app.frames()
    assert kiosk_app.app.root.current == "staff_pin", "no path to staff screens without the PIN"


def test_staff_register_a_guest_and_see_the_expected_list(kiosk_app) -> None:
    add_demo_host(kiosk_app)
    unlock(kiosk_app)
    kiosk_app.tap("register")
    assert kiosk_app.app.root.current == "preregister"
    kiosk_app.choose("host", "Rina Wijaya (12F)")
    kiosk_app.tap("name")
    press_keys(kiosk_app, *"siti", "space", *"rahmawati", "hide")
    assert kiosk_app.widget("name").text == "Siti Rahmawati", "typed on the screen"
    kiosk_app.type_text("email", "siti@tamu.example")
    kiosk_app.type_text("start", "10:00")
    kiosk_app.type_text("end", "09:00")
    kiosk_app.frames(3)
    assert kiosk_app.widget("keyboard").opacity == 1
    assert in_view(kiosk_app.widget("form_scroll"), kiosk_app.widget("end")), "above the keys"
    kiosk_app.tap("submit")
    assert kiosk_app.widget("message").text == "Kunjungan harus berakhir setelah dimulai."
    kiosk_app.widget("start").text = kiosk_app.widget("end").text = ""  # the whole of today
    kiosk_app.choose("id_type", "passport")
    kiosk_app.type_text("id_last4", "3174012345678901")
    kiosk_app.tap("submit")
    assert kiosk_app.widget("message").text == "Mohon periksa: 4 karakter terakhir kartu identitas"
    kiosk_app.widget("id_last4").text = ""
    kiosk_app.type_text("id_last4", "7q2z")
    kiosk_app.type_text("parking_plate", "b 1234 xyz")
    kiosk_app.tap("wifi_request")
    kiosk_app.tap("why_wifi_request")
    assert "Wi-Fi" in kiosk_app.window.children[0].ids.why.text
    kiosk_app._tap_widget(kiosk_app.window.children[0].ids.close)

    kiosk_app.tap("why_email")
    popup = kiosk_app.window.children[0]
    assert "undangan" in popup.ids.why.text
    assert "Kepentingan yang sah" in popup.ids.details.text
    assert "30 hari setelah kunjungan berakhir" in popup.ids.details.text
    kiosk_app.screenshot("staff-why-email")
    kiosk_app._tap_widget(popup.ids.close)

    kiosk_app.tap("submit")
    message = kiosk_app.widget("message").text
    assert message.startswith("Siti Rahmawati diundang. Kode: ")
    code = message.rsplit(" ", 1)[1]
    kiosk_app.screenshot("staff-registered")
    assert kiosk_app.widget("name").text == "", "the form is cleared for the next guest"

    kiosk = kiosk_app.app.kiosk
    today = expected_guests(kiosk, kiosk_app.app.kiosk_today())
    assert [(g.guest_name, g.short_code) for g in today] == [("Siti Rahmawati", code)]
    with kiosk.unit_of_work() as uow:
        guest = uow.subjects.get(
            uow.invitations.get(kiosk.site.id, today[0].invitation_id).guest_subject_id
        )
        held = kiosk.gateway.values(uow, guest)
    assert held["visitor.id_last4", "visitor-verification"] == "7Q2Z"
    assert held["visitor.parking_plate", "visitor-parking"] == "B 1234 XYZ"
    assert held["visitor.wifi_request", "visitor-wifi"] == "yes"

    kiosk_app.tap("back")
    kiosk_app.tap("expected")
    cells = [cell.text for cell in reversed(kiosk_app.widget("rows").children)]
    assert cells == [
        *("Jam", "Tamu", "Tuan rumah", "Status", "Kode"),
        *("Seharian", "Siti Rahmawati", "Rina Wijaya", "Belum datang", code),
    ]
    kiosk_app.screenshot("staff-expected")


def test_an_idle_staff_screen_returns_to_welcome_and_forgets_the_form(kiosk_app) -> None:
    add_demo_host(kiosk_app)
    unlock(kiosk_app)
    kiosk_app.tap("register")
    kiosk_app.type_text("name", "Siti Rahmawati")
    kiosk_app.app._last_touch -= kiosk_app.app.kiosk.settings.inactivity_timeout
    assert kiosk_app.wait_for(lambda: kiosk_app.app.root.current == "welcome")
    kiosk_app.settle()
    assert kiosk_app.app.root.get_screen("preregister").ids.name.text == ""
    kiosk_app.tap("greeting")
    kiosk_app.app.root.current = "preregister"
    kiosk_app.frames()
    assert kiosk_app.app.root.current == "staff_pin"
