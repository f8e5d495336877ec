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
STAFF_PIN = "2468"
TAKE_YOUR_BADGE = "Silakan ambil lencana Anda"
ROOM = (640, 480)


def invited_now(driver, name: str = "Siti Rahmawati"):
    kiosk = driver.app.kiosk
    host = f"rina{len(name)}@menara.example"
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", host), "t")
        uow.commit()
    return invite(kiosk, open_now(host_email=host, name=name, email=None), "staff:test")


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
    from kiosk.services.lobby.flow import LobbyFlow
    from kiosk.services.outbox.worker import OutboxWorker

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

    from kiosk.services.bootstrap import site_policy

    settings = replace(driver.app.kiosk.settings, privacy_enable=("visitor.photo",))
    driver.app.kiosk.gateway.policy = site_policy(settings)
