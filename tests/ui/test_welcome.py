"""The welcome screen, as a first-time guest sees it, in Bahasa Indonesia and in English."""

from PIL import Image

from kiosk.services.lobby.staff_pin import MemoryPinTries, StaffGate
from tests.builders import TODAY

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def visible_texts(driver) -> dict[str, str]:
    return {name: getattr(widget, "text", "") for name, widget in driver.screen.ids.items()}


def test_welcome_opens_in_indonesian_and_switches_to_english_with_one_tap(kiosk_app) -> None:
    assert kiosk_app.app.root.current == "welcome"
    indonesian = visible_texts(kiosk_app)
    assert indonesian["greeting"] == "Selamat datang"
    assert indonesian["purpose"] == "Pendaftaran tamu"
    assert indonesian["language_toggle"] == "English"
    assert indonesian["site"] == kiosk_app.app.kiosk.site.name
    assert indonesian["today"].startswith(f"{HARI[TODAY.weekday()]}, {TODAY.day} ")
    shot_id = kiosk_app.screenshot("welcome-id")

    kiosk_app.tap("language_toggle")
    english = visible_texts(kiosk_app)
    assert english["greeting"] == "Welcome"
    assert english["purpose"] == "Visitor check-in"
    assert english["language_toggle"] == "Bahasa Indonesia"
    assert english["today"].startswith(f"{DAYS[TODAY.weekday()]}, {TODAY.day} ")
    shot_en = kiosk_app.screenshot("welcome-en")

    kiosk_app.tap("language_toggle")
    assert visible_texts(kiosk_app)["greeting"] == "Selamat datang"

    for shot in (shot_id, shot_en):
        image = Image.open(shot)
        assert image.size == (1280, 800)
        assert len(set(image.convert("L").getdata())) > 16, "the screenshot is blank"


def test_escape_on_a_keyboard_or_scanner_does_not_close_the_kiosk(kiosk_app) -> None:
    escape = 27
    closing = []

    def record(*_args, **_kwargs) -> None:
        closing.append(True)

    kiosk_app.window.bind(on_request_close=record)
    try:
        kiosk_app.press_key(escape)
        kiosk_app.press_key(escape)
    finally:
        kiosk_app.window.unbind(on_request_close=record)
    assert closing == []
    assert kiosk_app.app.root.current == "welcome"
    shot = Image.open(kiosk_app.screenshot("welcome-after-escape"))
    assert len(set(shot.convert("L").getdata())) > 16


def test_a_kiosk_without_a_staff_pin_says_so(kiosk_app) -> None:
    kiosk_app.app.staff_gate = StaffGate(None, MemoryPinTries())
    kiosk_app.hold("clock", 3.2)
    assert kiosk_app.widget("message").text == "Mode staf belum diatur di kios ini."
