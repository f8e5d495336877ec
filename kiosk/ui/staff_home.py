"""Staff mode's start: register a guest, see who is expected, or leave."""

from kivy.app import App
from kivy.uix.screenmanager import Screen

from kiosk.ui.kv import load_layout

load_layout(__file__)


class StaffHomeScreen(Screen):
    def leave(self) -> None:
        App.get_running_app().leave_staff_mode()
