"""Keypads built from the characters an input accepts, one key each (id ``key_<char>``)."""

from kivy.factory import Factory
from kivy.uix.screenmanager import Screen


def fill_keypad(screen: Screen, characters: str, **key_style) -> None:
    """Adds a key per character to ``screen.ids.keypad``; each calls ``screen.press``."""
    for character in characters:
        key = Factory.CodeKey(text=character, **key_style)
        key.bind(on_release=lambda button: screen.press(button.text))
        screen.ids.keypad.add_widget(key)
        screen.ids[f"key_{character}"] = key
