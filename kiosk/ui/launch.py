"""Starts the touch-screen app. Kivy reads its configuration when first imported, so the
environment and :mod:`kivy.config` are set here before anything else of Kivy is loaded."""

import os
from collections.abc import Callable

from kiosk.errors import DatabaseUnavailable
from kiosk.private_files import private_folder
from kiosk.services.kiosk import Kiosk
from kiosk.settings import Settings

READY_LINE = "kiosk: welcome screen shown"


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


def run_kiosk(settings: Settings, open_kiosk: Callable[[], Kiosk], *, windowed: bool) -> None:
    """Opens the kiosk and runs it; while its database does not answer yet, the screen says
    "one moment" (see :mod:`kiosk.ui.starting`)."""
    prepare_kivy(str(private_folder(settings.data_dir / "kivy")), windowed=windowed)
    try:
        kiosk = open_kiosk()
    except DatabaseUnavailable as error:
        from kiosk.ui.starting import WaitingForDatabase, say_waiting

        say_waiting(error)
        waiting = WaitingForDatabase(open_kiosk, settings.language)
        waiting.run()
        if waiting.kiosk is None:
            return
        kiosk = waiting.kiosk
    from kiosk.ui.app import KioskApp

    KioskApp(kiosk).run()
