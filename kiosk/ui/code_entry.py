"""Typing the short code of an invitation, on a keypad holding only the code's characters."""

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.privacy.tokens import CODE_ALPHABET, CODE_LENGTH
from kiosk.ui.keypad import fill_keypad
from kiosk.ui.kv import load_layout

load_layout(__file__)


class CodeEntryScreen(Screen):
    code = StringProperty()

    def on_kv_post(self, *_args) -> None:
        fill_keypad(self, CODE_ALPHABET)
        self._fill_boxes()

    def _fill_boxes(self) -> None:
        """A box a character, the next one ringed, and a dash halfway (XXXX-XXXX)."""
        for index in range(CODE_LENGTH):
            if index == CODE_LENGTH // 2:
                self.ids.typed.add_widget(Factory.CodeDash())
            box = Factory.CodeBox()  # its index and code are kv properties: set once made
            box.index, box.code = index, self.code
            self.bind(code=box.setter("code"))
            self.ids.typed.add_widget(box)

    def on_pre_enter(self, *_args) -> None:
        self.code = ""

    def press(self, character: str) -> None:
        if len(self.code) < CODE_LENGTH:
            self.code += character

    def erase(self) -> None:
        self.code = self.code[:-1]

    def submit(self) -> None:
        app = App.get_running_app()
        app.step(app.lobby.scanned, self.code)

    def back(self) -> None:
        App.get_running_app().leave_staff_mode()
