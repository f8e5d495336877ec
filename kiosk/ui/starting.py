"""The kiosk started before its database (after a power cut the database server often boots
later than the kiosk's computer): "one moment" on the screen, and the database tried again
every few seconds until it answers; then the kiosk opens."""

import logging
import signal
import sys
from collections.abc import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.uix.screenmanager import ScreenManager

from kiosk.errors import DatabaseUnavailable
from kiosk.services.kiosk import Kiosk
from kiosk.ui.fonts import register_fonts
from kiosk.ui.one_moment import OneMomentScreen
from kiosk.ui.translator import Translator

RETRY_S = 5.0
log = logging.getLogger("kiosk.ui")


class WaitingForDatabase(App):
    title = "Lobby kiosk"

    def __init__(self, open_kiosk: Callable[[], Kiosk], language: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._open_kiosk = open_kiosk
        self.tr = Translator(language)
        self.kiosk: Kiosk | None = None
        """The kiosk, once its database answered; None if stopped before."""

    def build(self) -> ScreenManager:
        register_fonts()
        screens = ScreenManager()
        waiting = OneMomentScreen(name="one_moment")
        waiting.ids.subtitle.text = self.tr._("The kiosk is starting. Please wait a moment.")
        screens.add_widget(waiting)
        return screens

    def on_start(self) -> None:
        stop_on_signals(self)
        Clock.schedule_once(self._try_again, RETRY_S)

    def _try_again(self, _dt: float) -> None:
        try:
            self.kiosk = self._open_kiosk()
        except DatabaseUnavailable as error:
            say_waiting(error)
            Clock.schedule_once(self._try_again, RETRY_S)
            return
        self.stop()


def stop_on_signals(app: App) -> None:
    """SIGTERM (a supervisor) and Ctrl-C (a person at the terminal) close the app as its own
    stop does: the kiosk exits 0, having cleaned up."""
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: Clock.schedule_once(lambda _dt: app.stop()))


def say_waiting(error: DatabaseUnavailable) -> None:
    """On the terminal and in the log: what the kiosk waits for."""
    line = f"kiosk: {error}; trying again every {RETRY_S:g} s"
    log.warning("%s", line)
    print(line, file=sys.stderr, flush=True)
