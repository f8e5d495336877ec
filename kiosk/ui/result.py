"""The end of a guest's path: the badge printing, then "take your badge" with its picture;
"please see reception" (also when the badge does not print); or goodbye. It returns to
welcome by itself after a few seconds."""

import io

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen
from PIL import Image as PILImage

from kiosk.errors import DatabaseUnavailable
from kiosk.services.lobby.flow import Step
from kiosk.services.outbox.badges import BadgeProgress, badge_preview, badge_progress
from kiosk.services.visits.on_site import host_name_of
from kiosk.ui.kv import load_layout
from kiosk.ui.textures import texture_of

load_layout(__file__)
SHOWN_FOR_S = 10
POLL_S = 0.25
GRACE_S = 5
"""How long beyond two printer time-outs a guest waits for the badge before reception."""


class ResultScreen(Screen):
    title = StringProperty()
    subtitle = StringProperty()
    detail = StringProperty()
    countdown = StringProperty()
    """ "Back to the start in 9 s": the guest knows the screen will clear itself."""
    badge = ObjectProperty(None, allownone=True)
    """The badge's picture (a texture), once it has printed."""
    step = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        self._stop_timers()
        self.badge = None
        self.detail = self.countdown = ""
        state = app.lobby.state
        self.step = str(state.step)
        if state.step is Step.BADGE:
            self.title = _("Printing your badge\u2026")
            self.subtitle = _("Badge number {number}.").format(number=state.badge_number)
            waiting = app.kiosk.settings.printer_timeout * 2 + GRACE_S
            self._deadline = Clock.get_time() + waiting
            self._poll = Clock.schedule_interval(self._check_badge, POLL_S)
            return
        if state.step is Step.GOODBYE:
            name = state.guest_display_name
            self.title = _("Goodbye, {name}").format(name=name) if name else _("Goodbye")
            self.subtitle = _("You are signed out. Thank you for visiting.")
        else:
            self.title = _("Please see reception")
            self.subtitle = _("Someone will come to help you.")
        self._start_return()

    def _check_badge(self, _dt: float) -> None:
        app = App.get_running_app()
        state = app.lobby.state
        if state.step is not Step.BADGE:  # the guest moved on (or the kiosk went idle)
            self._stop_timers()
            return
        try:
            progress = badge_progress(app.kiosk, state.visit_id)
        except DatabaseUnavailable:  # a restart: keep waiting, the badge job is safe
            progress = BadgeProgress.PRINTING
        if progress is BadgeProgress.PRINTED:
            self._stop_timers()
            _ = app.tr._
            self.title = _("Please take your badge")
            host = host_name_of(app.kiosk, state.visit_id)
            self.subtitle = _("{host} has been told you are here. Please take a seat.").format(
                host=host
            )
            self.detail = _("Badge number {number}. Scan it here when you leave.").format(
                number=state.badge_number
            )
            self.badge = texture_of(
                PILImage.open(io.BytesIO(badge_preview(app.kiosk, state.visit_id)))
            )
            self._start_return()
        elif progress is BadgeProgress.PROBLEM or Clock.get_time() > self._deadline:
            self._stop_timers()
            app.step(app.lobby.badge_not_printed)

    def _start_return(self) -> None:
        self._left = SHOWN_FOR_S
        self._tick(0)
        self._return = Clock.schedule_interval(self._tick, 1)

    def _tick(self, _dt: float) -> None:
        """Counts down to welcome, and goes there at zero."""
        app = App.get_running_app()
        if self._left <= 0:
            self._stop_timers()
            app.show(app.lobby.reset())
            return
        self.countdown = app.tr._("Back to the start in {seconds} s").format(seconds=self._left)
        self._left -= 1

    def _stop_timers(self) -> None:
        for timer in (getattr(self, "_poll", None), getattr(self, "_return", None)):
            if timer is not None:
                timer.cancel()
        self._poll = self._return = None

    def on_pre_leave(self, *_args) -> None:
        self._stop_timers()

    def done(self) -> None:
        app = App.get_running_app()
        app.show(app.lobby.reset())
