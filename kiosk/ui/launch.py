"""Starts the touch-screen app. Kivy reads its configuration when first imported, so the
environment and :mod:`kivy.config` are set here before anything else of Kivy is loaded."""

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.private_files import private_folder
from kiosk.settings import Settings

if TYPE_CHECKING:
    from kiosk.services.kiosk import Kiosk

READY_LINE = "kiosk: welcome screen shown"
OPEN_LINE = "kiosk: open for guests"
"""Said once the database answered and every screen is built, behind the welcome screen."""


def prepare_kivy(kiosk_home: str, *, windowed: bool) -> None:
    """Keeps Kivy's files and lines with the kiosk's and away from our command line and
    terminal; full screen unless ``windowed``. Must run before the first ``import kivy``."""
    os.environ.setdefault("KIVY_HOME", kiosk_home)
    os.environ["KIVY_NO_ARGS"] = "1"
    # Kivy's own lines go to its log file (KIVY_HOME/logs), not the terminal, and it leaves
    # the kiosk's stderr alone: the terminal shows the kiosk's lines, each once.
    os.environ.setdefault("KIVY_LOG_MODE", "MIXED")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,multitouch_on_demand")
    Config.set("graphics", "fullscreen", "0" if windowed else "auto")
    Config.set("graphics", "width", "1280")
    Config.set("graphics", "height", "800")


def open_site_kiosk(settings: Settings) -> "Kiosk":
    """The site's kiosk, opened behind the welcome screen: the database's modules are
    imported here, not before the first frame."""
    from kiosk.services.bootstrap import open_kiosk

    return open_kiosk(settings)


def run_kiosk(settings: Settings, open_kiosk: Callable[[], "Kiosk"], *, windowed: bool) -> None:
    """Runs the kiosk until it is closed: the welcome screen first, ``open_kiosk`` behind it
    (see :mod:`kiosk.ui.app`). What kept the kiosk from opening is raised once the window
    is closed, for the command line to say."""
    prepare_kivy(str(private_folder(settings.data_dir / "kivy")), windowed=windowed)
    from kiosk.ui.app import KioskApp

    app = KioskApp(settings, open_kiosk)
    app.run()
    if app.failure is not None:
        raise app.failure
