"""The one page template of the kiosk's screens (the welcome screen aside, drawn as a poster):
the same margins, the title at the top, and one footer at the bottom with Back bottom-left and
the action that moves on bottom-right. Its rules are in ``style.kv``; the measures are here, for
the screens and for the tests that hold every screen to them."""

from kivy.properties import NumericProperty
from kivy.uix.boxlayout import BoxLayout

MARGIN_X = 40
"""Pixels (dp) between the screen's sides and what is on it."""
MARGIN_Y = 24
"""Pixels (dp) above the title and below the footer."""
FOOTER_HEIGHT = 72
GUEST_TEXT = 28
"""The smallest text (sp) a guest reads: legible from the one or two metres a guest stands at."""


class KioskPage(BoxLayout):
    """A screen's page: navy, the template's margins, its parts top to bottom."""

    below = NumericProperty(0)
    """Height left free at the screen's foot, for an on-screen keyboard."""


class PageFooter(BoxLayout):
    """The row of a page's buttons: Back first (bottom-left), the primary action last."""
