"""'Is this you?': the guest's shortened name, their host and the time, and two answers."""

from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.i18n import clock_time
from kiosk.ui.fonts import with_fallback
from kiosk.ui.kv import load_layout

load_layout(__file__)


class ArrivalScreen(Screen):
    greeting = StringProperty()
    details = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        arrival = app.lobby.state.arrival
        zone = ZoneInfo(app.kiosk.site.timezone)
        start = clock_time(arrival.starts_at.astimezone(zone), app.language)
        name = arrival.guest_display_name
        self.greeting = (
            with_fallback(_("Welcome, {name}").format(name=name)) if name else _("Welcome")
        )
        self.details = with_fallback(
            _("Host: {host}\nExpected from {time}").format(host=arrival.host_name, time=start)
        )

    def confirm(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.confirm, app.language)

    def not_me(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.not_me)
