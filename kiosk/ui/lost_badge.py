"""A guest who lost their badge signs out by their first name: they type it, and choose
themself among today's guests on site of that name, each shown as "Siti R."."""

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.services.lobby.lost_badge import on_site_named, typed_enough
from kiosk.ui.kv import load_layout
from kiosk.ui.touch_keyboard import TypingScreen

load_layout(__file__)


class LostBadgeScreen(TypingScreen, Screen):
    text_fields = ("first_name",)
    words_capitalised = ("first_name",)
    none_found = StringProperty()

    def on_enter(self, *_args) -> None:
        self.ids.first_name.focus = True

    def on_leave(self, *_args) -> None:
        """Nothing typed, and nobody's name, stays on screen once the guest goes."""
        self.clear_fields()
        self.ids.matches.clear_widgets()
        self.none_found = ""

    def search(self, typed: str) -> None:
        app = App.get_running_app()
        matches = self.ids.matches
        matches.clear_widgets()
        for guest in on_site_named(app.kiosk, typed):
            button = Factory.ChoiceButton(text=guest.shown)
            button.bind(on_release=lambda _b, visit=guest.visit_id: self.choose(visit))
            matches.add_widget(button)
        nobody = typed_enough(typed) and not matches.children
        said = app.tr._("Nobody of that name is signed in: please ask reception.")
        self.none_found = said if nobody else ""

    def choose(self, visit_id: int) -> None:
        app = App.get_running_app()
        app.step(app.lobby.signed_out_without_badge, visit_id)

    def back(self) -> None:
        self.manager.current = "sign_out"
