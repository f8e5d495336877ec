"""What a guest or staff member does at the kiosk in the UI tests, and the stand-ins they use:
an invitation valid now, a USB scanner, the staff PIN, the on-screen keyboard, a printer, a
camera."""

from pathlib import Path

import qrcode
from PIL import Image

from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from tests.builders import member, open_now

ENTER = 13
SCREENSHOTS = Path(__file__).parent.parent / "screenshots"
STAFF_PIN = "246802"
TAKE_YOUR_BADGE = "Silakan ambil lencana Anda"
ROOM = (640, 480)


class KioskDriver:
    """What a guest can do to the kiosk, and what the tests look at."""

    def __init__(self, app, window) -> None:
        self.app = app
        self.window = window

    def frames(self, count: int = 6) -> None:
        from kivy.base import EventLoop

        for _ in range(count):
            EventLoop.idle()

    @property
    def screen(self):
        return self.app.root.current_screen

    def widget(self, widget_id: str):
        return self.screen.ids[widget_id]

    def tap(self, widget_id: str) -> None:
        self._tap_widget(self.widget(widget_id))

    def wait_for(self, condition, timeout: float = 5.0) -> bool:
        """Renders frames until ``condition()`` holds or ``timeout`` seconds pass."""
        import time

        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:
            self.frames(1)
        return condition()

    def settle(self, timeout: float = 2.0) -> None:
        """Lets screen transitions and pop-ups opening or closing finish: they swallow touches."""
        import time

        from kivy.uix.modalview import ModalView

        def moving() -> bool:
            fading = any(
                isinstance(c, ModalView) and c._anim_alpha not in (0, 1)
                for c in self.window.children
            )
            return self.app.root.transition.is_active or fading

        deadline = time.monotonic() + timeout
        while moving() and time.monotonic() < deadline:
            self.frames(1)

    def _tap_widget(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch
        from kivy.uix.scrollview import ScrollView

        self.settle()
        scroll = next((w for w in widget.walk_reverse() if isinstance(w, ScrollView)), None)
        overflowing = scroll is not None and scroll.children[0].height > scroll.height
        if overflowing and widget in scroll.walk(restrict=True):
            scroll.scroll_to(widget, animate=False)  # a person scrolls a field into view first
            self.frames(2)
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        self.frames(2)
        touch.touch_up()
        self.frames()
        self.settle()

    def type_text(self, widget_id: str, text: str) -> None:
        """Taps the field to focus it and types, as an on-screen or USB keyboard would."""
        self.tap(widget_id)
        for character in text:
            self.window.dispatch("on_textinput", character)
        self.frames(2)

    def hold(self, widget_id: str, seconds: float) -> None:
        """Presses a widget and keeps the finger on it for ``seconds``."""
        import time

        from kivy.tests.common import UnitTestTouch

        self.settle()
        widget = self.widget(widget_id)
        touch = UnitTestTouch(*widget.to_window(*widget.center))
        touch.touch_down()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.frames(1)
        touch.touch_up()
        self.frames()
        self.settle()

    def choose(self, spinner_id: str, value: str) -> None:
        """Opens a drop-down list and taps one of its entries."""
        self.tap(spinner_id)
        spinner = self.widget(spinner_id)
        (option,) = [b for b in spinner._dropdown.container.children if b.text == value]
        self._tap_widget(option)

    def press_key(self, key: int, text: str | None = None) -> None:
        """As SDL delivers a key: down, then on_keyboard unless a widget took it, then up."""
        if not self.window.dispatch("on_key_down", key, 0, text, []):
            self.window.dispatch("on_keyboard", key, 0, text, [])
        if text:
            self.window.dispatch("on_textinput", text)
        self.window.dispatch("on_key_up", key, 0)
        self.frames(2)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.settle()
        self.frames(2)
        written = Path(self.window.screenshot(name=str(SCREENSHOTS / f"{name}.png")))
        return written.replace(SCREENSHOTS / f"{name}.png")


def invited_now(driver, name: str = "Siti Rahmawati"):
    kiosk = driver.app.kiosk
    host = f"rina{len(name)}@menara.example"
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", host), "t")
        uow.commit()
    return invite(kiosk, open_now(host_email=host, name=name, email=None), "staff:test")


def details_lines(driver) -> list[str]:
    """What the notice's "?" sheet says, line by line from the top (its QR code aside)."""
    lines = driver.screen.details.ids.lines.children[::-1]
    return [line.text for line in lines if hasattr(line, "text")]


def in_view(scroll, widget) -> bool:
    """Whether all of ``widget`` shows inside the ScrollView ``scroll``."""
    left, bottom = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    view_left, view_bottom = scroll.to_window(scroll.x, scroll.y)
    view_right, view_top = scroll.to_window(scroll.right, scroll.top)
    return view_bottom <= bottom and top <= view_top and view_left <= left and right <= view_right


def scan(driver, text: str) -> None:
    """A USB scanner: the code typed as text, then Enter."""
    for character in text:
        driver.window.dispatch("on_textinput", character)
    driver.press_key(ENTER)
    driver.settle()


def enter_pin(driver, pin: str) -> None:
    for digit in pin:
        driver.tap(f"key_{digit}")
    driver.tap("ok")


def unlock(driver) -> None:
    driver.hold("clock", 3.2)
    assert driver.app.root.current == "staff_pin"
    enter_pin(driver, STAFF_PIN)
    assert driver.app.root.current == "staff_home"


def add_demo_host(driver) -> None:
    kiosk = driver.app.kiosk
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example", unit="12F"), "t")
        uow.commit()


def use_printer(driver, uri: str) -> None:
    """The running kiosk prints to ``uri`` from now on (its outbox worker too)."""
    from dataclasses import replace

    from kiosk.badge.printers import BadgePrinter
    from kiosk.services.background import OutboxWorker
    from kiosk.services.lobby.flow import LobbyFlow

    app = driver.app
    kiosk = app.kiosk
    printer = BadgePrinter(uri, kiosk.printer.profile, 1, kiosk.settings.badge_dir)
    app.kiosk = replace(kiosk, printer=printer)
    app.lobby = LobbyFlow(app.kiosk)
    app.outbox_worker.stop()
    app.outbox_worker = OutboxWorker(app.kiosk)
    app.outbox_worker.start()


def tap_action(driver, key: str) -> None:
    """Taps a button a staff list made for one of its rows (``reprint_3``, ``sign_out_1``)."""
    driver._tap_widget(driver.screen.actions[key])


def press_keys(driver, *names: str) -> None:
    """Taps keys of the on-screen keyboard: letters as shown, or ``space``, ``backspace``,
    ``accents``, ``symbols``, ``shift``, ``hide``."""
    keyboard = driver.widget("keyboard")
    assert driver.wait_for(lambda: keyboard.opacity == 1), "the keyboard is up"
    for name in names:
        driver._tap_widget(keyboard.keys[name])


class FakeCamera:
    def __init__(self) -> None:
        self.texture = None
        self.running = False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def show(self, frame: Image.Image) -> None:
        from kivy.graphics.texture import Texture

        texture = Texture.create(size=frame.size, colorfmt="rgba")
        upright = frame.convert("RGBA").transpose(Image.Transpose.FLIP_TOP_BOTTOM)
        texture.blit_buffer(upright.tobytes(), colorfmt="rgba", bufferfmt="ubyte")
        self.texture = texture


def portrait() -> Image.Image:
    """A guest in front of the camera, as far as a test can draw one."""
    from PIL import ImageDraw

    room = Image.new("RGB", ROOM, (150, 170, 185))
    draw = ImageDraw.Draw(room)
    draw.ellipse((250, 90, 390, 260), fill=(205, 160, 130))
    draw.ellipse((180, 250, 460, 560), fill=(40, 70, 110))
    return room


def held_up(text: str) -> Image.Image:
    room = Image.new("RGB", ROOM, (96, 104, 110))
    code = qrcode.make(text, border=2).get_image().convert("RGB").resize((220, 220))
    room.paste(code, (350, 140))
    return room


def with_camera(driver) -> FakeCamera:
    from kiosk.ui.camera_scanner import CameraScanner

    camera = FakeCamera()
    driver.app.use_camera(CameraScanner(camera, found=driver.app.code_read))
    return camera


def asking_for_photos(driver) -> None:
    from dataclasses import replace

    from kiosk.privacy.site_policy import site_policy

    settings = replace(driver.app.kiosk.settings, privacy_enable=("visitor.photo",))
    driver.app.kiosk.gateway.policy = site_policy(settings)
