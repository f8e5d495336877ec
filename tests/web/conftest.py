"""A portal served on 127.0.0.1 for a real browser: Debian's Chromium driven by Playwright."""

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.web.server import BackgroundPortal, free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parents[1] / "screenshots" / "web"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
QUIET = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Flags that keep Chromium from calling out to the network it cannot reach here."""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=QUIET)
        yield launched
        launched.close()


@pytest.fixture
def served(site) -> Iterator:
    """The site's portal listening on a free loopback port; sign-in links point at it."""
    port = free_port("127.0.0.1", 0)
    site = replace(site, settings=replace(site.settings, portal_url=f"http://127.0.0.1:{port}"))
    portal = BackgroundPortal(site, "127.0.0.1", port)
    portal.start()
    yield site
    portal.stop()
