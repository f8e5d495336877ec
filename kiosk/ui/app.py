"""The kiosk's Kivy application: fonts, translator, screens, and the first-frame signal."""

import signal
import sys

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.properties import StringProperty
from kivy.uix.screenmanager import FadeTransition, ScreenManager

from kiosk.resources import asset_path
from kiosk.services.bootstrap import Kiosk
from kiosk.ui.launch import READY_LINE
from kiosk.ui.translator import Translator
from kiosk.ui.welcome import WelcomeScreen


class KioskApp(App):
    title = "Lobby kiosk"
    language = StringProperty("id")

    def __init__(self, kiosk: Kiosk, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kiosk = kiosk
        self.language = kiosk.settings.language
        self.tr = Translator(self.language)

    def build(self) -> ScreenManager:
        fonts = asset_path("fonts")
        LabelBase.register(
            DEFAULT_FONT,
            fn_regular=str(fonts / "NotoSans-Regular.ttf"),
            fn_bold=str(fonts / "NotoSans-Bold.ttf"),
        )
        screens = ScreenManager(transition=FadeTransition(duration=0.15))
        screens.add_widget(WelcomeScreen(name="welcome", site_name=self.kiosk.site.name))
        return screens

    def on_start(self) -> None:
        Window.bind(on_flip=self._first_frame)
        signal.signal(signal.SIGTERM, lambda *_: Clock.schedule_once(lambda _dt: self.stop()))

    def _first_frame(self, *_args) -> None:
        """Tells whoever started the kiosk (a supervisor, a test, the benchmark) it is on screen."""
        Window.unbind(on_flip=self._first_frame)
        print(READY_LINE, file=sys.stderr, flush=True)

    def switch_language(self, language: str) -> None:
        self.tr.switch(language)
        self.language = language

    def other_language(self) -> str:
        languages = self.kiosk.settings.languages
        return languages[(languages.index(self.language) + 1) % len(languages)]
