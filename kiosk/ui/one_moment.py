""" "One moment": the kiosk still starting, or its database out of reach (restarting, a network
cut). The guest's step is tried again every few seconds and goes on where it left off; after a
minute of an outage, reception."""

from kivy.properties import BooleanProperty
from kivy.uix.screenmanager import Screen

from kiosk.ui.kv import load_layout

load_layout(__file__)


class OneMomentScreen(Screen):
    starting = BooleanProperty(False)
    """The kiosk is still starting (its database, its screens), not reconnecting."""
