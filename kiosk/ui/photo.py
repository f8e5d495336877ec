"""The guest's photo, where the site asks for one: its own notice (why, legal basis, how
long), the camera's picture, "take photo", then "use this photo" or "take again". A guest who
would rather not (or a kiosk without a camera) is checked at reception instead."""

import io

from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.privacy.wording import why_we_ask
from kiosk.ui.camera_scanner import frame_image
from kiosk.ui.kv import load_layout

load_layout(__file__)
PHOTO_FIELD = "visitor.photo"
PREVIEW_FPS = 15
PHOTO_LONGEST_SIDE = 480
"""Enough for a badge and for reception to recognise the guest; no larger."""


def photo_bytes(texture) -> bytes:
    """A camera frame as the JPEG that is kept: scaled down, no metadata."""
    image = frame_image(texture).convert("RGB")
    image.thumbnail((PHOTO_LONGEST_SIDE, PHOTO_LONGEST_SIDE))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


class PhotoScreen(Screen):
    notice = StringProperty()
    picture = ObjectProperty(None, allownone=True)
    """What the frame shows: the camera's picture, or the photo just taken."""
    taken = BooleanProperty(False)
    has_camera = BooleanProperty(False)

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        purpose = app.lobby.purpose_of(PHOTO_FIELD)
        why = why_we_ask(app.kiosk.gateway.policy, PHOTO_FIELD, purpose, app.language)
        self.notice = "\n".join(
            [
                why.why,
                _("Legal basis: {basis}").format(basis=why.basis),
                _("Kept: {retention}").format(retention=why.retention),
                _("If you would rather not, reception will check your ID instead."),
            ]
        )
        self.has_camera = app.camera is not None
        self._retake()

    def on_leave(self, *_args) -> None:
        """The photo is forgotten here once the guest moves on (the flow holds what was used)."""
        self._stop_preview()
        self._photo, self.picture, self.taken = None, None, False

    def _retake(self) -> None:
        self._photo, self.taken = None, False
        self._stop_preview()
        if self.has_camera:
            self._preview = Clock.schedule_interval(self._show_frame, 1 / PREVIEW_FPS)

    def _show_frame(self, _dt: float) -> None:
        texture = App.get_running_app().camera.texture
        if texture is not None:
            self.picture = texture
            self.ids.picture.canvas.ask_update()

    def _stop_preview(self) -> None:
        if getattr(self, "_preview", None) is not None:
            self._preview.cancel()
        self._preview = None

    def take(self) -> None:
        texture = App.get_running_app().camera.texture
        if texture is None:
            return
        self._stop_preview()
        self._photo = photo_bytes(texture)
        self.picture = CoreImage(io.BytesIO(self._photo), ext="jpg").texture
        self.taken = True

    def retake(self) -> None:
        self._retake()

    def use(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.photo_taken, self._photo)

    def decline(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.photo_declined)
