"""Inputs for registry fields, drawn from the prompts a service gives (``intake.prompts``):
each a field with its label above (and, where the form explains, its "why do we ask?" beside),
in the screen's grid. Each input is in the screen's ids under the field's name (``email``,
``parking_plate``); text inputs type with the on-screen keyboard."""

from collections.abc import Callable

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.checkbox import CheckBox

from kiosk.privacy.field_kinds import Entry
from kiosk.services.intake.fields import Prompt

CHOICES = {Entry.CHOICE, Entry.LANGUAGE}
CAPITALISED = {Entry.NAME}
SYMBOLS_FIRST = {Entry.PHONE, Entry.NUMBER}


def none_chosen() -> str:
    """What a choice that need not be made shows until one is, in the screen's language."""
    return App.get_running_app().tr._("(none)")


class FieldForm:
    def __init__(
        self,
        screen,
        grid,
        *,
        explain: Callable[[Prompt], None] | None = None,
    ) -> None:
        """``explain`` opens "why do we ask?" for a prompt; without it, no field has a "?"."""
        self._screen = screen
        self._grid = grid
        self._explain = explain
        self.prompts: list[Prompt] = []
        self._inputs: dict[str, object] = {}

    def show(self, prompts: list[Prompt]) -> None:
        """Draws these prompts; what was typed into a field that stays is kept."""
        kept = {name: self._raw(widget) for name, widget in self._inputs.items()}
        for name in self._inputs:
            self._screen.forget_field(name)
            self._screen.ids.pop(name, None)
            self._screen.ids.pop(f"why_{name}", None)
        self._grid.clear_widgets()
        self._inputs = {}
        self.prompts = prompts
        for prompt in prompts:
            widget = self._input(prompt)
            self._inputs[prompt.name] = widget
            self._screen.ids[prompt.name] = widget
            row = BoxLayout(spacing=dp(8))
            row.add_widget(self._placed(widget))
            if self._explain is not None:
                why = Factory.WhyButton()
                why.bind(on_release=lambda _b, shown=prompt: self._explain(shown))
                self._screen.ids[f"why_{prompt.name}"] = why
                row.add_widget(why)
            field = Factory.FormField(label=prompt.label)
            field.add_widget(row)
            self._grid.add_widget(field)
            if prompt.name in kept:
                self._restore(prompt, widget, kept[prompt.name])

    def _input(self, prompt: Prompt):
        if prompt.entry in CHOICES:
            shown = [label for _value, label in prompt.choices]
            first = [] if prompt.required else [none_chosen()]
            return Factory.ChoiceSpinner(text=(first or shown)[0], values=first + shown)
        if prompt.entry is Entry.FLAG:
            return Factory.KioskCheckBox(active=False)
        field = Factory.KeyboardField()
        if prompt.entry is Entry.NUMBER:
            field.input_filter = "int"
        self._screen.watch_field(
            prompt.name, field, prompt.entry in CAPITALISED, prompt.entry in SYMBOLS_FIRST
        )
        return field

    @staticmethod
    def _placed(widget):
        """A check box sits at the start of its cell; other inputs fill it."""
        if not isinstance(widget, CheckBox):
            return widget
        cell = AnchorLayout(anchor_x="left")
        cell.add_widget(widget)
        return cell

    @staticmethod
    def _raw(widget):
        return widget.active if isinstance(widget, CheckBox) else widget.text

    def _restore(self, prompt: Prompt, widget, raw) -> None:
        if prompt.entry is Entry.FLAG:
            widget.active = bool(raw)
        elif prompt.entry not in CHOICES or raw in widget.values:
            widget.text = raw

    def values(self) -> dict[str, object]:
        """What was given, by field key; empty inputs and "(none)" give nothing."""
        values: dict[str, object] = {}
        for prompt in self.prompts:
            raw = self._raw(self._inputs[prompt.name])
            if prompt.entry in CHOICES:
                chosen = {label: value for value, label in prompt.choices}.get(raw)
                if chosen is not None:
                    values[prompt.key] = chosen
            elif prompt.entry is Entry.FLAG:
                if raw:
                    values[prompt.key] = True
            elif raw.strip():
                values[prompt.key] = raw.strip()
        return values

    def label_of(self, key: str | None) -> str | None:
        return next((prompt.label for prompt in self.prompts if prompt.key == key), None)

    def clear(self) -> None:
        """Nothing typed, ticked or chosen stays."""
        self.show([])
