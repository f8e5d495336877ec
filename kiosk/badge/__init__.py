"""Badges: one layout description, sent to ESC/POS printers and drawn as a preview image.

python-escpos parses its printer database on every start (an eighth of a second) and leaves a
temporary folder behind each time, unless told where to keep its parsed copy: the kiosk keeps
it in the user's cache folder. It also calls ``logging.basicConfig()`` when imported, which
would print every later log record (an unexpected error's whole traceback among them) on the
terminal: a handler that does nothing, set first, keeps the kiosk's logging its own."""

import logging
import os
from pathlib import Path

import platformdirs

from kiosk.settings import APP_NAME

_ESCPOS_CACHE = Path(platformdirs.user_cache_dir(APP_NAME)) / "escpos"
_ESCPOS_CACHE.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_ESCPOS_CACHE))

if not logging.getLogger().handlers:
    logging.getLogger().addHandler(logging.NullHandler())
