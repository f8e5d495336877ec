"""Drives the real kiosk app offscreen: one Kivy window per test session, a fresh app per test.

``kiosk_app`` starts :class:`KioskApp` on a real database, renders frames by pumping the event
loop, taps widgets with touch events, types with key events, and saves screenshots of the real
window into tests/screenshots/ for people to look at.

Kivy is set up here, when pytest first reads this file and before it imports any test module
of the folder: a test module that imports a Kivy widget would otherwise configure Kivy first,
and every screenshot would show an 800x600 corner of a 1280x800 window.
"""

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.bootstrap import open_kiosk
from kiosk.ui.launch import prepare_kivy
from tests.ui.driving import SCREENSHOTS, STAFF_PIN

WINDOW_SIZE = (1280, 800)
KIVY_HOME = tempfile.mkdtemp(prefix="kiosk-test-kivy-")
atexit.register(shutil.rmtree, KIVY_HOME, ignore_errors=True)
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
prepare_kivy(KIVY_HOME, windowed=True)


@pytest.fixture(scope="session")
def window():
    from kivy.core.window import Window

    Window.size = WINDOW_SIZE
    return Window


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


@pytest.fixture
def kiosk_database_url(tmp_path: Path) -> str:
    """The app's database: SQLite, the embedded default (a test module may override it)."""
    return f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"


@pytest.fixture
def kiosk_overrides() -> dict[str, str]:
    """Settings of the app's kiosk beyond the usual ones, by dotted key (a module overrides
    it)."""
    return {}


@pytest.fixture
def kiosk_app(
    window, make_settings, kiosk_database_url: str, kiosk_overrides: dict[str, str]
) -> Iterator[KioskDriver]:
    from kivy.app import App

    from kiosk.services.lobby.staff_pin import hash_pin
    from kiosk.ui.app import KioskApp

    usual = {"database.url": kiosk_database_url, "kiosk.staff_pin_hash": hash_pin(STAFF_PIN)}
    settings = make_settings(**(usual | kiosk_overrides))
    app = KioskApp(open_kiosk(settings))
    app._run_prepare()
    driver = KioskDriver(app, window)
    driver.frames()
    yield driver
    app.dispatch("on_stop")
    for child in list(window.children):
        window.remove_widget(child)
    App._running_app = None
