"""'Is this you?': the guest's shortened name, their host and the time, and two answers."""

from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.clock import all_day
from kiosk.i18n import clock_time
from kiosk.ui.kv import load_layout

load_layout(__file__)


class ArrivalScreen(Screen):
    greeting = StringProperty()
    details = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        arrival = app.lobby.state.arrival
        timezone = app.kiosk.site.timezone
        name = arrival.guest_display_name
        self.greeting = _("Welcome, {name}").format(name=name) if name else _("Welcome")
        if all_day(arrival.starts_at, arrival.ends_at, timezone):
            expected = _("Expected any time today")
        else:
            start = clock_time(arrival.starts_at.astimezone(ZoneInfo(timezone)), app.language)
            expected = _("Expected from {time}").format(time=start)
        self.details = _("Host: {host}").format(host=arrival.host_name) + "\n" + expected

    def confirm(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.confirm, app.language)

    def not_me(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.not_me)
