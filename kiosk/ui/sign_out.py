"""Signing out: the guest scans their badge at the scanner."""

from kivy.app import App
from kivy.uix.screenmanager import Screen

from kiosk.ui.kv import load_layout

load_layout(__file__)


class SignOutScreen(Screen):
    def back(self) -> None:
        App.get_running_app().leave_staff_mode()
