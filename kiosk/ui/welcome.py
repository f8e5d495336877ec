"""The first screen a guest sees: the site's brand (logo, name, colour), a card pointing to the
scanner for the invitation's QR code, two tiles for a typed code and for a walk-in, signing out,
today's date and time, and the language toggle (a list where a site offers more than two)."""

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
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
        app.when_ready(lambda: app.step(app.lobby.walk_in_started))

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
        """Two languages: the other one. More: a list of them, each in its own words, so
        that nobody taps through languages they cannot read to reach theirs."""
        app = App.get_running_app()
        languages = app.settings.languages
        if len(languages) <= 2:
            app.switch_language(app.other_language())
            return
        picker = Factory.LanguagePicker()
        for code in languages:
            button = Factory.ChoiceButton(text=language(code).name)
            button.bind(on_release=lambda _b, chosen=code: self._chose(picker, chosen))
            self.ids[f"language_{code}"] = button
            picker.ids.choices.add_widget(button)
        picker.open()

    def _chose(self, picker, code: str) -> None:
        picker.dismiss()
        App.get_running_app().switch_language(code)

    def _refresh(self, *_args) -> None:
        app = App.get_running_app()
        now = local_now(app.settings.timezone)
        self.today = long_date(now, app.language)
        self.time_now = clock_time(now, app.language)
        many = len(app.settings.languages) > 2
        other = language(app.other_language()).name
        self.other_language_name = app.tr._("Language") if many else other
