"""The ID check the site asks for: the ID's type, and only its last 4 characters."""

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.services.visits.check_in import IdShown
from kiosk.ui.keypad import fill_keypad
from kiosk.ui.kv import load_layout
from kiosk.ui.why import show_why

load_layout(__file__)
LAST4_KEYS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LAST4_FIELD = "visitor.id_last4"


class VerifyScreen(Screen):
    id_type = StringProperty()
    last4 = StringProperty()
    problem = StringProperty()

    def on_kv_post(self, *_args) -> None:
        fill_keypad(self, LAST4_KEYS, font_size="28sp")

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        self.id_type, self.last4 = "", ""
        problem = app.lobby.state.problem
        self.problem = app.tr._("Please give only the last 4 characters.") if problem else ""

    def choose_type(self, id_type: str) -> None:
        self.id_type = id_type

    def press(self, character: str) -> None:
        if len(self.last4) < 4:
            self.last4 += character

    def erase(self) -> None:
        self.last4 = self.last4[:-1]

    def explain(self) -> None:
        show_why(LAST4_FIELD, App.get_running_app().lobby.purpose_of(LAST4_FIELD))

    def submit(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.verified, IdShown(self.id_type or "other", self.last4), app.language)
