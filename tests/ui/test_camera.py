"""A guest holds the invitation's QR code, or the badge's, up to the kiosk's camera.

The camera is a stand-in that serves frames the test draws (a QR code on a grey room, a little
off-centre), through the same texture a Kivy camera fills; everything after it is the kiosk's:
copying frames off the texture, decoding them on a worker thread, the guest's path."""

import io

from PIL import Image

from kiosk.services.reception.alerts import open_alerts
from kiosk.services.visits.on_site import on_site
from tests.ui.driving import (
    ROOM,
    TAKE_YOUR_BADGE,
    asking_for_photos,
    held_up,
    invited_now,
    portrait,
    scan,
    with_camera,
)


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


def test_where_the_site_asks_for_a_photo_the_guest_reads_why_then_takes_it(kiosk_app) -> None:
    asking_for_photos(kiosk_app)
    camera = with_camera(kiosk_app)
    camera.show(portrait())
    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    assert kiosk_app.app.root.current == "photo"
    notice = kiosk_app.widget("notice").text
    assert "lencana" in notice and "Dasar hukum: Kepentingan yang sah" in notice
    assert "Disimpan: 30 hari" in notice, "how long, before the picture is taken"
    assert camera.running and not kiosk_app.app.camera.running, "shown, not read for codes"
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("picture").texture is camera.texture)

    kiosk_app.tap("take")
    assert kiosk_app.widget("take").text == "Pakai foto ini"
    kiosk_app.screenshot("lobby-photo-taken-id")
    kiosk_app.tap("take")
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("title").text == TAKE_YOUR_BADGE)
    (guest,) = on_site(kiosk_app.app.kiosk)
    kiosk = kiosk_app.app.kiosk
    with kiosk.unit_of_work() as uow:
        visit = uow.visits.get(kiosk.site.id, guest.visit_id)
        held = kiosk.gateway.by_field(uow, uow.subjects.get(visit.guest_subject_id))
    photo = held["visitor.photo"]
    kept = Image.open(io.BytesIO(photo))
    assert kept.format == "JPEG" and max(kept.size) == 480, "scaled down before it is kept"
    assert kept.getpixel((240, 120))[0] > 180, "the guest's face, the right way up"


def test_a_guest_who_would_rather_not_be_photographed_is_sent_to_reception(kiosk_app) -> None:
    asking_for_photos(kiosk_app)
    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    assert kiosk_app.widget("take").disabled, "this kiosk has no camera"
    kiosk_app.tap("decline")
    assert kiosk_app.widget("title").text == "Silakan ke resepsionis"
    assert [a.reason for a in open_alerts(kiosk_app.app.kiosk)] == ["no_photo"]
    assert on_site(kiosk_app.app.kiosk) == []
