"""The staff lists (needs attention, on site, deny list): rows of 64 px cells ending in
buttons, each button findable by a key such as ``reprint_3``."""

from collections.abc import Callable

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.uix.boxlayout import BoxLayout

from kiosk.privacy.gateway import UNREADABLE

ROW_HEIGHT = 64
HEADING = (0.78, 0.84, 0.9, 1)
Choice = tuple[str, str, Callable[[], None]]
"""A button: its key, its label, what it does."""


class RowsScreen:
    """For a screen whose ``rows`` GridLayout is redrawn from the services on each refresh
    (its ``refresh``), with a ``message`` line cleared on entering."""

    def on_pre_enter(self, *_args) -> None:
        self.message = ""
        self.refresh()

    def start_rows(self) -> None:
        self.actions: dict[str, object] = {}
        self.ids.rows.clear_widgets()

    def add_cells(self, *texts: str) -> None:
        """Cells of a row (names in any script: a RowCell is a
        :class:`kiosk.ui.fonts.ScriptLabel`), and a damaged value as unreadable."""
        _ = App.get_running_app().tr._
        for text in texts:
            shown = _("[unreadable]") if text == UNREADABLE else text
            cell = Factory.RowCell(text=shown, height=dp(ROW_HEIGHT))
            self.ids.rows.add_widget(cell)

    def add_headings(self, *texts: str) -> None:
        for text in texts:
            self.ids.rows.add_widget(Factory.RowCell(text=text, bold=True, color=HEADING))

    def add_buttons(self, choices: list[Choice]) -> None:
        box = BoxLayout(spacing=dp(8), size_hint_y=None, height=dp(ROW_HEIGHT))
        for key, label, action in choices:
            button = Factory.RowButton(text=label)
            button.bind(on_release=lambda _button, act=action: act())
            self.actions[key] = button
            box.add_widget(button)
        self.ids.rows.add_widget(box)
