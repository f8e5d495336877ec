"""A guest holds the invitation's QR code, or the badge's, up to the kiosk's camera.

The camera is a stand-in that serves frames the test draws (a QR code on a grey room, a little
off-centre), through the same texture a Kivy camera fills; everything after it is the kiosk's:
copying frames off the texture, decoding them on a worker thread, the guest's path."""

import qrcode
from PIL import Image

from kiosk.services.visits import on_site
from tests.ui.test_lobby import invited_now

ROOM = (640, 480)


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


def test_an_invitation_held_up_to_the_camera_starts_the_arrival(kiosk_app) -> None:
    made = invited_now(kiosk_app)
    camera = with_camera(kiosk_app)
    assert camera.running, "the camera watches the welcome screen"
    camera.show(Image.new("RGB", ROOM, (96, 104, 110)))
    kiosk_app.frames(30)
    assert kiosk_app.app.root.current == "welcome", "an empty room is not a code"

    camera.show(held_up(made.token))
    assert kiosk_app.wait_for(lambda: kiosk_app.app.root.current == "notice")
    assert not camera.running, "no camera while the guest reads and types"
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    (guest,) = on_site(kiosk_app.app.kiosk)
    kiosk_app.tap("done")
    assert kiosk_app.wait_for(lambda: camera.running), "back on welcome, it watches again"

    camera.show(held_up(kiosk_app.app.kiosk.badge_tokens.token(guest.visit_id)))
    assert kiosk_app.wait_for(lambda: kiosk_app.app.root.current == "result")
    assert kiosk_app.widget("title").text == "Sampai jumpa, Siti R.", "the badge signs out"
    assert on_site(kiosk_app.app.kiosk) == []


def test_a_camera_that_cannot_be_opened_is_logged_not_raised(kiosk_app, caplog) -> None:
    """The kiosk then starts without it and reads codes from the USB scanner."""
    from kiosk.ui.camera_scanner import open_camera

    assert open_camera(9) is None
    assert "camera" in caplog.text and "WARNING" in caplog.text
