"""The first screen a guest sees: the site's brand (logo, name, colour), a card pointing to the
scanner for the invitation's QR code, two tiles for a typed code and for a walk-in, signing out,
today's date and time, and the language toggle."""

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.clock import local_now
from kiosk.i18n import clock_time, long_date
from kiosk.languages import language
from kiosk.ui.kv import load_layout

load_layout(__file__)

STAFF_HOLD_S = 3
"""Staff mode opens by holding the clock this long: hidden from guests, known to staff."""


class WelcomeScreen(Screen):
    site_name = StringProperty()
    logo = StringProperty()
    """The site's logo file; empty: none."""
    today = StringProperty()
    time_now = StringProperty()
    other_language_name = StringProperty()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._hold = None
        App.get_running_app().bind(language=self._refresh)

    def on_pre_enter(self, *_args) -> None:
        self._refresh()
        self._ticker = Clock.schedule_interval(self._refresh, 5)

    def on_leave(self, *_args) -> None:
        self._ticker.cancel()

    def walk_in(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.walk_in_started)

    def clock_pressed(self, clock, touch) -> None:
        if clock.collide_point(*touch.pos):
            self._hold = Clock.schedule_once(lambda _dt: self.open_staff_mode(), STAFF_HOLD_S)

    def clock_released(self) -> None:
        if self._hold:
            self._hold.cancel()
            self._hold = None

    def open_staff_mode(self) -> None:
        self._hold = None
        self.manager.current = "staff_pin"

    def toggle_language(self) -> None:
        app = App.get_running_app()
        app.switch_language(app.other_language())

    def _refresh(self, *_args) -> None:
        app = App.get_running_app()
        now = local_now(app.kiosk.site.timezone)
        self.today = long_date(now, app.language)
        self.time_now = clock_time(now, app.language)
        self.other_language_name = language(app.other_language()).name
