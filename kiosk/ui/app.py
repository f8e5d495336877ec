"""The kiosk's Kivy application: fonts, translator, screens, and the first-frame signal."""

import contextlib
import sys
from collections.abc import Callable
from datetime import date

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
from kiosk.services.background import OutboxWorker
from kiosk.services.kiosk import Kiosk
from kiosk.services.lobby.flow import LobbyFlow, LobbyState, Step
from kiosk.services.lobby.kiosk_id import duplicate_warning, hold_kiosk_id
from kiosk.services.lobby.staff_pin import StaffGate, StoredPinTries
from kiosk.services.visits.end_of_day import EndOfDay
from kiosk.ui.arrival import ArrivalScreen
from kiosk.ui.attention import AttentionScreen
from kiosk.ui.camera_scanner import CameraScanner, open_camera
from kiosk.ui.code_entry import CodeEntryScreen
from kiosk.ui.deny import DenyListScreen
from kiosk.ui.expected_list import ExpectedScreen
from kiosk.ui.fonts import register_fonts
from kiosk.ui.idle import IdleWatch
from kiosk.ui.launch import READY_LINE
from kiosk.ui.lost_badge import LostBadgeScreen
from kiosk.ui.my_data import MyDataScreen
from kiosk.ui.notice import NoticeScreen
from kiosk.ui.on_site import OnSiteScreen
from kiosk.ui.one_moment import OneMomentScreen
from kiosk.ui.outage import WAIT_SCREEN, DatabaseWait
from kiosk.ui.photo import PhotoScreen
from kiosk.ui.preregister import PreRegisterScreen
from kiosk.ui.result import ResultScreen
from kiosk.ui.sign_out import SignOutScreen
from kiosk.ui.staff_home import StaffHomeScreen
from kiosk.ui.staff_pin import StaffPinScreen
from kiosk.ui.starting import stop_on_signals
from kiosk.ui.translator import Translator
from kiosk.ui.verify import VerifyScreen
from kiosk.ui.walk_in import WalkInScreen
from kiosk.ui.welcome import WelcomeScreen

STAFF_SCREENS = ("staff_home", "preregister", "expected", "on_site", "attention", "deny")
SCREEN_OF_STEP = {
    Step.WELCOME: "welcome",
    Step.NOTICE: "notice",
    Step.ARRIVAL: "arrival",
    Step.WALK_IN: "walk_in",
    Step.VERIFY: "verify",
    Step.PHOTO: "photo",
    Step.BADGE: "result",
    Step.RECEPTION: "result",
    Step.GOODBYE: "result",
}
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
    """Screens where no staff screen can be shown unless staff mode is unlocked."""

    def __init__(self, unlocked: Callable[[], bool], **kwargs) -> None:
        self._unlocked = unlocked
        super().__init__(**kwargs)

    def on_current(self, instance, value: str) -> None:
        if value in STAFF_SCREENS and not self._unlocked():
            self.current = "staff_pin"
            return
        super().on_current(instance, value)


class KioskApp(App):
    title = "Lobby kiosk"
    language = StringProperty("id")
    staff_unlocked = BooleanProperty(False)
    brand = ColorProperty()
    """The site's colour: primary buttons and the welcome card."""
    brand_pressed = ColorProperty()

    def __init__(self, kiosk: Kiosk, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kiosk = kiosk
        self.language = kiosk.settings.language
        self.brand = get_color_from_hex(kiosk.settings.brand_colour)
        self.brand_pressed = [channel * PRESSED_SHADE for channel in self.brand[:3]] + [1]
        self.tr = Translator(self.language)
        self.staff_gate = StaffGate(kiosk.settings.staff_pin_hash, StoredPinTries(kiosk))
        self.staff_actor = f"staff:pin@{kiosk.settings.kiosk_id}"
        self.outbox_worker = OutboxWorker(kiosk)
        self.lobby = LobbyFlow(kiosk)
        self._end_of_day = EndOfDay(kiosk)
        self._scan = ""
        self._scan_at = 0.0
        self._id_claim = None
        self._idle = None
        self.camera: CameraScanner | None = None

    def build(self) -> ScreenManager:
        register_fonts()
        screens = GuardedScreens(
            lambda: self.staff_unlocked, transition=FadeTransition(duration=0.15)
        )
        logo = str(self.kiosk.settings.logo or "")
        screens.add_widget(WelcomeScreen(name="welcome", site_name=self.kiosk.site.name, logo=logo))
        screens.add_widget(CodeEntryScreen(name="code_entry"))
        screens.add_widget(SignOutScreen(name="sign_out"))
        screens.add_widget(MyDataScreen(name="my_data"))
        screens.add_widget(LostBadgeScreen(name="lost_badge"))
        screens.add_widget(NoticeScreen(name="notice"))
        screens.add_widget(ArrivalScreen(name="arrival"))
        screens.add_widget(WalkInScreen(name="walk_in"))
        screens.add_widget(VerifyScreen(name="verify"))
        screens.add_widget(PhotoScreen(name="photo"))
        screens.add_widget(OneMomentScreen(name=WAIT_SCREEN))
        screens.add_widget(ResultScreen(name="result"))
        screens.add_widget(StaffPinScreen(name="staff_pin"))
        screens.add_widget(StaffHomeScreen(name="staff_home"))
        screens.add_widget(PreRegisterScreen(name="preregister"))
        screens.add_widget(ExpectedScreen(name="expected"))
        screens.add_widget(OnSiteScreen(name="on_site"))
        screens.add_widget(AttentionScreen(name="attention"))
        screens.add_widget(DenyListScreen(name="deny"))
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
        self._idle_watch = IdleWatch(self.kiosk.settings.inactivity_timeout, self.leave_staff_mode)
        self._idle = Clock.schedule_interval(self._check_idle, 1)
        self._last_touch = Clock.get_time()
        self.outbox_worker.start()
        ExceptionManager.add_handler(self._outage)
        self._hold_kiosk_id()
        if self.kiosk.settings.camera is not None:
            source = open_camera(self.kiosk.settings.camera)
            if source is not None:
                self.use_camera(CameraScanner(source, found=self.code_read))

    def _hold_kiosk_id(self) -> None:
        """A second kiosk with this one's id is told on the terminal (and, by the service, in
        the log and to reception); it runs all the same."""
        with contextlib.suppress(DatabaseUnavailable):  # a best effort at start
            self._id_claim = hold_kiosk_id(self.kiosk)
            if self._id_claim is None:
                print(f"kiosk: warning: {duplicate_warning(self.kiosk)}", file=sys.stderr)

    def use_camera(self, camera: CameraScanner) -> None:
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
            on_touch_down=self._touched, on_key_down=self._key_down, on_textinput=self._text_typed
        )
        if self._idle:
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
            self.step(self.lobby.scanned, code)

    def step(self, action: Callable[..., LobbyState], *args) -> None:
        """One step of the guest's path (see :class:`kiosk.ui.outage.DatabaseWait`)."""
        self._outage.step(action, *args)

    def show(self, state: LobbyState) -> None:
        """Draws the guest's path where the flow says it is."""
        if state.step is Step.BADGE:
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
        return local_today(self.kiosk.site.timezone)

    def leave_staff_mode(self) -> None:
        """Back to welcome with nothing kept: staff mode locked, the guest's path forgotten."""
        self.staff_unlocked = False
        self._scan = ""
        self.show(self.lobby.reset())

    def _first_frame(self, *_args) -> None:
        """Tells whoever started the kiosk (a supervisor, a test, the benchmark) it is on screen."""
        Window.unbind(on_flip=self._first_frame)
        print(READY_LINE, file=sys.stderr, flush=True)
        notify("READY=1")
        interval = watchdog_interval()
        if interval:  # said from the thread that draws: a frozen screen is restarted
            Clock.schedule_interval(lambda _dt: notify("WATCHDOG=1"), interval)

    def switch_language(self, language: str) -> None:
        self.tr.switch(language)
        self.language = language

    def other_language(self) -> str:
        languages = self.kiosk.settings.languages
        return languages[(languages.index(self.language) + 1) % len(languages)]
