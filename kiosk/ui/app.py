"""The kiosk's Kivy application: fonts, translator, screens, and the first-frame signal.

The welcome screen is drawn from the settings alone; the kiosk (database, registry, services)
and the other screens come up behind it (see :mod:`kiosk.ui.opening`). A guest who taps or
scans before then sees "one moment", and their step goes on once the kiosk is ready.
"""

import contextlib
import signal
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from kivy.app import App
from kivy.base import ExceptionManager
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, ColorProperty, StringProperty
from kivy.uix.screenmanager import FadeTransition, ScreenManager
from kivy.utils import get_color_from_hex

from kiosk.clock import local_today
from kiosk.errors import DatabaseUnavailable
from kiosk.service_manager import notify, watchdog_interval
from kiosk.settings import Settings
from kiosk.ui.fonts import register_fonts
from kiosk.ui.launch import OPEN_LINE, READY_LINE
from kiosk.ui.one_moment import OneMomentScreen
from kiosk.ui.opening import LobbyServices, Opening, other_screens
from kiosk.ui.outage import WAIT_SCREEN, DatabaseWait
from kiosk.ui.translator import Translator
from kiosk.ui.welcome import WelcomeScreen

if TYPE_CHECKING:
    from kiosk.services.kiosk import Kiosk
    from kiosk.services.lobby.flow import LobbyState
    from kiosk.ui.camera_scanner import CameraScanner

STAFF_SCREENS = ("staff_home", "preregister", "expected", "on_site", "attention", "deny")
SCREEN_OF_STEP = {
    "welcome": "welcome",
    "notice": "notice",
    "arrival": "arrival",
    "walk_in": "walk_in",
    "verify": "verify",
    "photo": "photo",
    "badge": "result",
    "reception": "result",
    "goodbye": "result",
}
"""The screen of each step of the guest's path (:class:`~kiosk.services.lobby.flow.Step`)."""
ENTER = 13
LONGEST_SCAN = 256
SCAN_PAUSE = 1.0
"""Seconds without a character after which what was typed is dropped: a scanner types a whole
code in a few hundredths of a second, and half a code left behind (a badge pulled away too
soon) must not spoil the next guest's."""
PRESSED_SHADE = 0.8
"""A pressed primary button: the brand colour this much darker."""
SCANNING_SCREENS = ("welcome", "sign_out", "my_data")
"""Where a USB scanner's keystrokes are taken as a code; elsewhere they are ignored."""


class GuardedScreens(ScreenManager):
    """Screens where no staff screen can be shown unless staff mode is unlocked, and where a
    screen not built yet is asked of ``not_built``."""

    def __init__(
        self, unlocked: Callable[[], bool], not_built: Callable[[str], None], **kwargs
    ) -> None:
        self._unlocked = unlocked
        self._not_built = not_built
        super().__init__(**kwargs)

    def on_current(self, instance, value: str) -> None:
        if value in STAFF_SCREENS and not self._unlocked():
            self.current = "staff_pin"
            return
        if not self.has_screen(value):
            self._not_built(value)
            return
        super().on_current(instance, value)


class KioskApp(App):
    title = "Lobby kiosk"
    language = StringProperty("id")
    staff_unlocked = BooleanProperty(False)
    ready = BooleanProperty(False)
    """The kiosk is open and every screen built."""
    brand = ColorProperty()
    """The site's colour: primary buttons and the welcome card."""
    brand_pressed = ColorProperty()

    def __init__(self, settings: Settings, open_kiosk: Callable[[], "Kiosk"], **kwargs) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.language = settings.language
        self.brand = get_color_from_hex(settings.brand_colour)
        self.brand_pressed = [channel * PRESSED_SHADE for channel in self.brand[:3]] + [1]
        self.tr = Translator(self.language)
        self.staff_actor = f"staff:pin@{settings.kiosk_id}"
        self.failure: Exception | None = None
        """Why the kiosk could not open (raised again once the app has stopped)."""
        self._opening = Opening(
            open_kiosk, opened=self._opened, waiting=self._database_awaited, failed=self._failed
        )
        self._when_ready: Callable[[], None] | None = None
        self._scan = ""
        self._scan_at = 0.0
        self._id_claim = None
        self._idle = None
        self.camera: CameraScanner | None = None

    def build(self) -> ScreenManager:
        register_fonts()
        screens = GuardedScreens(
            lambda: self.staff_unlocked,
            lambda name: self.when_ready(lambda: setattr(self.root, "current", name)),
            transition=FadeTransition(duration=0.15),
        )
        logo = str(self.settings.logo or "")
        screens.add_widget(
            WelcomeScreen(name="welcome", site_name=self.settings.site_name, logo=logo)
        )
        screens.add_widget(OneMomentScreen(name=WAIT_SCREEN))
        self._outage = DatabaseWait(lambda: self.lobby, screens, self.show)
        return screens

    def on_start(self) -> None:
        Window.bind(
            on_flip=self._first_frame,
            on_touch_down=self._touched,
            on_key_down=self._key_down,
            on_textinput=self._text_typed,
        )
        stop_on_signals(self)
        self._last_touch = Clock.get_time()

    def _first_frame(self, *_args) -> None:
        """Tells whoever started the kiosk (a supervisor, a test, the benchmark) it is on
        screen, then opens the kiosk behind the welcome screen."""
        Window.unbind(on_flip=self._first_frame)
        print(READY_LINE, file=sys.stderr, flush=True)
        notify("READY=1")
        interval = watchdog_interval()
        if interval:  # said from the thread that draws: a frozen screen is restarted
            Clock.schedule_interval(lambda _dt: notify("WATCHDOG=1"), interval)
        self._opening.start()

    def _database_awaited(self) -> None:
        """The database does not answer yet: "one moment" instead of a welcome that cannot
        go on."""
        self.root.get_screen(WAIT_SCREEN).starting = True
        self.root.current = WAIT_SCREEN

    def _failed(self, error: Exception) -> None:
        self.failure = error
        self.stop()

    def _opened(self, services: LobbyServices) -> None:
        self.kiosk = services.kiosk
        self.lobby = services.lobby
        self.staff_gate = services.staff_gate
        self.outbox_worker = services.outbox_worker
        self._end_of_day = services.end_of_day
        self._screens_to_build = other_screens()
        Clock.schedule_once(self._build_a_screen)

    def _build_a_screen(self, _dt: float) -> None:
        """One screen a frame; once the last is built, the kiosk is ready."""
        screen = next(self._screens_to_build, None)
        if screen is not None:
            self.root.add_widget(screen)
            Clock.schedule_once(self._build_a_screen)
            return
        self._start_services()
        self.ready = True
        print(OPEN_LINE, file=sys.stderr, flush=True)
        self.root.get_screen(WAIT_SCREEN).starting = False
        then, self._when_ready = self._when_ready, None
        if then is not None:
            then()
        elif self.root.current == WAIT_SCREEN:
            self.root.current = "welcome"

    def _start_services(self) -> None:
        from kiosk.ui.idle import IdleWatch  # with the other screens' layouts, behind welcome

        self._idle_watch = IdleWatch(self.settings.inactivity_timeout, self.leave_staff_mode)
        self._idle = Clock.schedule_interval(self._check_idle, 1)
        self.outbox_worker.start()
        ExceptionManager.add_handler(self._outage)
        self._hold_kiosk_id()
        if self.settings.camera is not None:
            from kiosk.ui.camera_scanner import CameraScanner, open_camera

            source = open_camera(self.settings.camera)
            if source is not None:
                self.use_camera(CameraScanner(source, found=self.code_read))

    def when_ready(self, then: Callable[[], None]) -> None:
        """Runs ``then`` now, or once the kiosk is ready: a guest who tapped or scanned
        before sees "one moment" meanwhile, and their step goes on (only the last is kept)."""
        if self.ready:
            then()
            return
        self._when_ready = then
        self.root.get_screen(WAIT_SCREEN).starting = True
        self.root.current = WAIT_SCREEN

    def _hold_kiosk_id(self) -> None:
        """A second kiosk with this one's id is told on the terminal (and, by the service, in
        the log and to reception); it runs all the same."""
        from kiosk.services.lobby.kiosk_id import duplicate_warning, hold_kiosk_id

        with contextlib.suppress(DatabaseUnavailable):  # a best effort at start
            self._id_claim = hold_kiosk_id(self.kiosk)
            if self._id_claim is None:
                print(f"kiosk: warning: {duplicate_warning(self.kiosk)}", file=sys.stderr)

    def use_camera(self, camera: "CameraScanner") -> None:
        """Reads codes with ``camera`` on the screens that wait for one."""
        self.camera = camera
        self.root.bind(current=self._camera_follows_screen)
        self._camera_follows_screen(self.root, self.root.current)

    def _camera_follows_screen(self, _screens, current: str) -> None:
        if current in SCANNING_SCREENS:
            self.camera.start()
        elif current == "photo":
            self.camera.preview()
        else:
            self.camera.stop()

    def on_stop(self) -> None:
        Window.unbind(
            on_flip=self._first_frame,
            on_touch_down=self._touched,
            on_key_down=self._key_down,
            on_textinput=self._text_typed,
        )
        self._opening.stop()
        if not self.ready:
            return
        self._idle.cancel()
        self.outbox_worker.stop()
        if self._id_claim is not None:
            self._id_claim()
        ExceptionManager.remove_handler(self._outage)
        if self.camera is not None:
            self.root.unbind(current=self._camera_follows_screen)
            self.camera.close()

    def _touched(self, *_args) -> None:
        self._last_touch = Clock.get_time()

    def _text_typed(self, _window, text: str) -> None:
        """A USB scanner types the code like a keyboard; where it is expected we collect it."""
        if self.root.current in SCANNING_SCREENS:
            now = Clock.get_time()
            if now - self._scan_at > SCAN_PAUSE:
                self._scan = ""
            self._scan, self._scan_at = (self._scan + text)[-LONGEST_SCAN:], now

    def _key_down(self, _window, key: int, *_args) -> None:
        self._touched()
        if key == ENTER and self._scan:
            scanned, self._scan = self._scan, ""
            self.code_read(scanned)

    def code_read(self, code: str) -> None:
        """A code from the USB scanner or the camera: an invitation arriving, a badge leaving,
        or a badge asking what is held about its guest, wherever the screen waits for one."""
        if self.root.current == "my_data":
            self._touched()
            self.root.current_screen.badge_read(code)
        elif self.root.current in SCANNING_SCREENS:
            self._touched()
            self.when_ready(lambda: self.step(self.lobby.scanned, code))

    def step(self, action: Callable[..., "LobbyState"], *args) -> None:
        """One step of the guest's path (see :class:`kiosk.ui.outage.DatabaseWait`)."""
        self._outage.step(action, *args)

    def show(self, state: "LobbyState") -> None:
        """Draws the guest's path where the flow says it is."""
        if state.step == "badge":
            self.outbox_worker.poke()
        screen = SCREEN_OF_STEP[state.step]
        if self.root.current == screen:
            self.root.get_screen(screen).on_pre_enter()
        self.root.current = screen

    def _check_idle(self, _dt: float) -> None:
        """Every second: a warning, then back to welcome after the idle time (nothing stays
        open); and, once a day at the configured time, the day's visits are closed."""
        idle = Clock.get_time() - self._last_touch
        self._idle_watch.tick(idle, on_welcome=self.root.current == "welcome")
        with contextlib.suppress(DatabaseUnavailable):  # closed at the next tick instead
            self._end_of_day.tick()

    def kiosk_today(self) -> date:
        """Today's date where the kiosk stands."""
        return local_today(self.settings.timezone)

    def leave_staff_mode(self) -> None:
        """Back to welcome with nothing kept: staff mode locked, the guest's path forgotten."""
        self.staff_unlocked = False
        self._scan = ""
        self.show(self.lobby.reset())

    def switch_language(self, language: str) -> None:
        self.tr.switch(language)
        self.language = language

    def other_language(self) -> str:
        languages = self.settings.languages
        return languages[(languages.index(self.language) + 1) % len(languages)]


def stop_on_signals(app: App) -> None:
    """SIGTERM (a supervisor) and Ctrl-C (a person at the terminal) close the app as its own
    stop does: the kiosk exits 0, having cleaned up."""
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: Clock.schedule_once(lambda _dt: app.stop()))
