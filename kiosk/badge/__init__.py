"""Badges: one layout description, sent to ESC/POS printers and drawn as a preview image.

python-escpos parses its printer database on every start (an eighth of a second) and leaves a
temporary folder behind each time, unless told where to keep its parsed copy: the kiosk keeps
it in the user's cache folder. Two kiosk processes starting together would read each other's
half-written copy, and a copy cut short by a power cut would never load again: the first
import takes a lock on that folder, and a copy that does not load is parsed anew.

python-escpos also calls ``logging.basicConfig()`` when imported, which would print every
later log record (an unexpected error's whole traceback among them) on the terminal: a handler
that does nothing, set first, keeps the kiosk's logging its own."""

import fcntl
import importlib
import logging
import os
import pickle
from pathlib import Path

import platformdirs

from kiosk.settings import APP_NAME

_ESCPOS_CACHE = Path(platformdirs.user_cache_dir(APP_NAME)) / "escpos"
_ESCPOS_CACHE.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_ESCPOS_CACHE))

if not logging.getLogger().handlers:
    logging.getLogger().addHandler(logging.NullHandler())


def _load_printer_database() -> None:
    cache = Path(os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"])
    with open(cache / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            importlib.import_module("escpos.capabilities")
        except (EOFError, pickle.UnpicklingError):
            for damaged in cache.glob("*.capabilities.pickle"):
                damaged.unlink()
            importlib.import_module("escpos.capabilities")


_load_printer_database()
