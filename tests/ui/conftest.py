"""Drives the real kiosk app offscreen: one Kivy window per test session, a fresh app per test.

``kiosk_app`` starts :class:`KioskApp` on a real database, renders frames by pumping the event
loop, taps widgets with touch events, types with key events, and saves screenshots of the real
window into tests/screenshots/ for people to look at.

Kivy is set up here, when pytest first reads this file and before it imports any test module
of the folder: a test module that imports a Kivy widget would otherwise configure Kivy first,
and every screenshot would show an 800x600 corner of a 1280x800 window.
"""

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.bootstrap import open_kiosk
from kiosk.ui.launch import prepare_kivy
from tests.ui.driving import STAFF_PIN, KioskDriver

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


@pytest.fixture
def kiosk_database_url(tmp_path: Path, sqlite_template: Path) -> str:
    """The app's database: SQLite, the embedded default, migrated (a test module may override
    it)."""
    path = tmp_path / "kiosk.sqlite3"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def kiosk_overrides() -> dict[str, str]:
    """Settings of the app's kiosk beyond the usual ones, by dotted key (a module overrides
    it)."""
    return {}


@pytest.fixture
def kiosk_settings(make_settings, kiosk_database_url: str, kiosk_overrides: dict[str, str]):
    from kiosk.services.lobby.staff_pin import hash_pin

    usual = {"database.url": kiosk_database_url, "kiosk.staff_pin_hash": hash_pin(STAFF_PIN)}
    return make_settings(**(usual | kiosk_overrides))


@contextlib.contextmanager
def running_app(window, settings, open_kiosk) -> Iterator[KioskDriver]:
    """:class:`KioskApp` started as ``kiosk run`` starts it (its first frame drawn, the kiosk
    opening behind it), and stopped after."""
    from kivy.app import App

    from kiosk.ui.app import KioskApp

    app = KioskApp(settings, open_kiosk)
    app._run_prepare()
    driver = KioskDriver(app, window)
    driver.frames(2)
    yield driver
    # The screen on show stops its timers as it would when left: a result screen's countdown
    # still running would send the next test's app back to welcome in the middle of its steps.
    app.root.current_screen.dispatch("on_pre_leave")
    app.root.current_screen.dispatch("on_leave")
    app.dispatch("on_stop")
    for child in list(window.children):
        window.remove_widget(child)
    App._running_app = None


@pytest.fixture
def kiosk_app(window, kiosk_settings) -> Iterator[KioskDriver]:
    """The app, open for guests."""
    kiosk = open_kiosk(kiosk_settings)
    with running_app(window, kiosk_settings, lambda: kiosk) as driver:
        assert driver.wait_for(lambda: driver.app.ready, timeout=30), "the kiosk opened"
        driver.frames()
        yield driver
