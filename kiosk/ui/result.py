"""The end of a guest's path: take your badge, please see reception, or goodbye. It returns
to welcome by itself after a few seconds."""

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.services.lobby import Step
from kiosk.ui.kv import load_layout

load_layout(__file__)
SHOWN_FOR_S = 10


class ResultScreen(Screen):
    title = StringProperty()
    subtitle = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        state = app.lobby.state
        if state.step is Step.BADGE:
            self.title = _("Please take your badge")
            self.subtitle = _("Badge number {number}. Scan it here when you leave.").format(
                number=state.badge_number
            )
        elif state.step is Step.GOODBYE:
            self.title = _("Goodbye, {name}").format(name=state.guest_display_name)
            self.subtitle = _("You are signed out. Thank you for visiting.")
        else:
            self.title = _("Please see reception")
            self.subtitle = _("Our staff will help you.")
        self._return = Clock.schedule_once(lambda _dt: app.show(app.lobby.reset()), SHOWN_FOR_S)

    def on_leave(self, *_args) -> None:
        self._return.cancel()

    def done(self) -> None:
        app = App.get_running_app()
        app.show(app.lobby.reset())
