"""The first screen a guest sees: where they are, today's date and time, the language toggle."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.i18n import clock_time, long_date
from kiosk.ui.kv import load_layout

load_layout(__file__)

LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


class WelcomeScreen(Screen):
    site_name = StringProperty()
    today = StringProperty()
    time_now = StringProperty()
    other_language_name = StringProperty()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        App.get_running_app().bind(language=self._refresh)

    def on_pre_enter(self, *_args) -> None:
        self._refresh()
        self._ticker = Clock.schedule_interval(self._refresh, 5)

    def on_leave(self, *_args) -> None:
        self._ticker.cancel()

    def walk_in(self) -> None:
        app = App.get_running_app()
        app.show(app.lobby.walk_in_started())

    def open_staff_mode(self) -> None:
        self.manager.current = "staff_pin"

    def toggle_language(self) -> None:
        app = App.get_running_app()
        app.switch_language(app.other_language())

    def _refresh(self, *_args) -> None:
        app = App.get_running_app()
        now = datetime.now(ZoneInfo(app.kiosk.site.timezone))
        self.today = long_date(now, app.language)
        self.time_now = clock_time(now, app.language)
        self.other_language_name = LANGUAGE_NAMES[app.other_language()]
