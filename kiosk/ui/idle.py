"""Inactivity: a warning shortly before the time runs out, then back to welcome."""

from kivy.app import App
from kivy.factory import Factory

from kiosk.ui.kv import load_layout

load_layout(__file__)
WARNING_S = 10


class IdleWatch:
    """Called every second with how long nobody touched the screen."""

    def __init__(self, timeout: int, on_timeout) -> None:
        self._timeout = timeout
        self._warn_from = timeout - min(WARNING_S, timeout // 3)
        self._on_timeout = on_timeout
        self._warning = None

    def tick(self, idle: float, on_welcome: bool) -> None:
        if on_welcome or idle < self._warn_from:
            self.dismiss()
        elif idle >= self._timeout:
            self.dismiss()
            self._on_timeout()
        else:
            self._warn(int(self._timeout - idle) + 1)

    def _warn(self, seconds: int) -> None:
        _ = App.get_running_app().tr._
        if self._warning is None:
            self._warning = Factory.IdleWarning()
            self._warning.open(animation=False)
        self._warning.ids.countdown.text = _(
            "Still there? In {seconds} s the screen starts over and forgets what you typed."
        ).format(seconds=seconds)

    def dismiss(self) -> None:
        if self._warning is not None:
            self._warning.dismiss(animation=False)
            self._warning = None
