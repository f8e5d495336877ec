"""The PIN pad between the lobby screens and staff mode."""

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.ui.kv import load_layout

load_layout(__file__)
MAX_DIGITS = 12


class StaffPinScreen(Screen):
    pin = StringProperty()
    message = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        self.pin = ""
        app = App.get_running_app()
        configured = app.staff_gate.configured
        self.message = "" if configured else app.tr._("Staff mode is not set up on this kiosk.")

    def press(self, digit: str) -> None:
        if len(self.pin) < MAX_DIGITS:
            self.pin += digit

    def erase(self) -> None:
        self.pin = self.pin[:-1]

    def cancel(self) -> None:
        self.manager.current = "welcome"

    def submit(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        answer = app.staff_gate.try_pin(self.pin)
        self.pin = ""
        if answer.unlocked:
            app.staff_unlocked = True
            self.manager.current = "staff_home"
        elif answer.locked_for:
            self.message = _("Too many wrong PINs. Try again in {seconds} s.").format(
                seconds=answer.locked_for
            )
        else:
            self.message = _("Wrong PIN. {tries} tries left.").format(tries=answer.tries_left)
