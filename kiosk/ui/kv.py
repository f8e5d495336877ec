"""Loads each screen's layout: the .kv file beside its module, after the shared styles."""

from pathlib import Path

from kivy.lang import Builder

import kiosk.ui.fonts  # the label classes the styles below are built on
import kiosk.ui.page  # noqa: F401  (the page template the styles below lay out)

Builder.load_file(str(Path(__file__).with_name("style.kv")))


def load_layout(module_file: str) -> None:
    Builder.load_file(str(Path(module_file).with_suffix(".kv")))
