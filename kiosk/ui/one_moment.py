""" "One moment": the database cannot be reached (restarting, a network cut). The kiosk tries the
guest's step again every few seconds and goes on where it left off; after a minute, reception."""

from kivy.uix.screenmanager import Screen

from kiosk.ui.kv import load_layout

load_layout(__file__)


class OneMomentScreen(Screen):
    pass
