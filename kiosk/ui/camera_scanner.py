"""QR codes held up to the kiosk's camera, read while a scanning screen is shown.

A few frames a second are copied from the camera's texture and decoded on a worker thread, so
the screen stays smooth; a code found is handed over on the UI thread, like a USB scanner's.
Frames are never stored, and the camera runs only on the screens that wait for a code (and on
the photo screen, where the site asks for a photo, which shows it without reading codes)."""

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from kivy.clock import Clock
from kivy.graphics.texture import Texture
from PIL import Image

from kiosk.services.lobby.code_reader import read_code

log = logging.getLogger("kiosk.camera")
FRAMES_PER_SECOND = 4
SAME_CODE_IGNORED_S = 5.0
"""A code still in front of the camera after it was handled is not handled again at once."""


class FrameSource(Protocol):
    """A Kivy core camera (or a stand-in in tests)."""

    texture: Texture | None

    def start(self) -> None: ...

    def stop(self) -> None: ...


def open_camera(index: int) -> FrameSource | None:
    """Kivy's camera ``index``; None, with the reason logged, when there is none to open."""
    from kivy.core.camera import Camera

    if Camera is None:
        log.warning("no camera provider: install the kiosk with its 'camera' extra")
        return None
    try:
        return Camera(index=index, resolution=(640, 480), stopped=True)
    except Exception as error:  # providers raise anything from a missing device to a driver fault
        log.warning("camera %d cannot be opened: %s", index, error)
        return None


def frame_image(texture: Texture) -> Image.Image:
    """The texture's pixels, right way up (a texture starts at the bottom row)."""
    image = Image.frombytes("RGBA", texture.size, texture.pixels)
    return image.transpose(Image.Transpose.FLIP_TOP_BOTTOM)


class CameraScanner:
    def __init__(self, source: FrameSource, found: Callable[[str], None]) -> None:
        self._source = source
        self._found = found
        self._decoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="camera")
        self._pending: Future | None = None
        self._tick = None
        self._source_on = False
        self._closed = False
        self._last: tuple[str, float] = ("", 0.0)

    @property
    def running(self) -> bool:
        """Reading codes."""
        return self._tick is not None

    @property
    def texture(self) -> Texture | None:
        """The newest frame, for a screen that shows the camera's picture."""
        return self._source.texture if self._source_on else None

    def start(self) -> None:
        """Camera on, reading codes."""
        if self._closed:
            return
        self._power(True)
        if self._tick is None:
            self._tick = Clock.schedule_interval(self._grab, 1 / FRAMES_PER_SECOND)

    def preview(self) -> None:
        """Camera on for a screen to show (the photo screen), not reading codes."""
        self._stop_reading()
        if not self._closed:
            self._power(True)

    def stop(self) -> None:
        """Camera off."""
        self._stop_reading()
        self._power(False)

    def _stop_reading(self) -> None:
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None

    def _power(self, on: bool) -> None:
        if on != self._source_on:
            (self._source.start if on else self._source.stop)()
            self._source_on = on

    def close(self) -> None:
        """For good, when the kiosk stops."""
        self.stop()
        self._closed = True
        self._decoder.shutdown(wait=True, cancel_futures=True)

    def _grab(self, _dt: float) -> None:
        texture = self._source.texture
        if texture is None or (self._pending is not None and not self._pending.done()):
            return
        self._pending = self._decoder.submit(read_code, frame_image(texture))
        self._pending.add_done_callback(self._decoded)

    def _decoded(self, future: Future) -> None:
        """On the worker thread: hands a new code to the UI thread."""
        if future.cancelled():
            return
        if future.exception() is not None:
            log.warning("a camera frame could not be read: %s", future.exception())
            return
        code = future.result()
        if code:
            Clock.schedule_once(lambda _dt: self._deliver(code))

    def _deliver(self, code: str) -> None:
        now = time.monotonic()
        seen, when = self._last
        if not self.running or (code == seen and now - when < SAME_CODE_IGNORED_S):
            return
        self._last = (code, now)
        self._found(code)
