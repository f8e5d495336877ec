"""A portal served on 127.0.0.1 for a real browser (the ``browser`` fixture of tests/conftest)."""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.web.server import BackgroundPortal, free_port

SCREENSHOTS = Path(__file__).parents[1] / "screenshots" / "web"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def served(site) -> Iterator:
    """The site's portal listening on a free loopback port; sign-in links point at it."""
    port = free_port("127.0.0.1", 0)
    site = replace(site, settings=replace(site.settings, portal_url=f"http://127.0.0.1:{port}"))
    portal = BackgroundPortal(site, "127.0.0.1", port)
    portal.start()
    yield site
    portal.stop()


def host_signs_in(page, base: str, mail_server, email: str = "rina@menara.example") -> None:
    """The host asks for a link at /signin, opens it from their mail and continues."""
    from tests.portal_client import LINK, messages_to

    page.goto(f"{base}/signin")
    page.fill("#email", email)
    page.click("button[type=submit]")
    (sign_in,) = messages_to(mail_server, email)
    page.goto(LINK.search(sign_in.get_content()).group(0))
    page.click("button[type=submit]")
