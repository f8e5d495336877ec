"""Driving the web portal in tests: the real app through Starlette's test client, signed in
the way a host is, by the link the test's mail server receives."""

import re
import time
from email.message import EmailMessage

from starlette.testclient import TestClient

from kiosk.web.app import create_app
from tests.builders import TOMORROW

LINK = re.compile(r"https?://\S+/signin/link/(\S+)")
FORM_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


def portal(site, language: str = "en") -> TestClient:
    """A browser of its own (its own cookies) on the site's portal, reading ``language``."""
    base_url = site.settings.portal_url.split(":")[0] + "://testserver"
    client = TestClient(create_app(site), base_url=base_url, follow_redirects=False)
    client.cookies.set("kiosk_lang", language)
    return client


def form_token(client: TestClient, path: str = "/signin") -> str:
    page = client.get(path)
    return FORM_TOKEN.search(page.text).group(1)


def link_secret(message: EmailMessage) -> str:
    return LINK.search(message.get_content()).group(1)


def ask_for_link(client: TestClient, email: str):
    return client.post("/signin", data={"email": email, "csrf": form_token(client)})


def use_link(client: TestClient, secret: str):
    token = form_token(client, f"/signin/link/{secret}")
    return client.post("/signin/link", data={"secret": secret, "csrf": token})


def signed_in(site, mail_server, email: str = "rina@menara.example") -> TestClient:
    """A browser signed in as the host with ``email``, by the emailed link."""
    client = portal(site)
    ask_for_link(client, email)
    use_link(client, link_secret(mail_server.inbox.messages[-1]))
    return client


def invite_form(client: TestClient, **fields: str) -> dict[str, str]:
    """The new-invitation form as a host fills it: tomorrow (the suite's), 09:00-11:00."""
    given = {"day": TOMORROW.isoformat(), "start": "09:00", "end": "11:00", "type": "meeting"}
    given |= {"name": "Siti Rahmawati", "email": "siti@tamu.example"}
    return given | fields | {"csrf": form_token(client, "/invitations/new")}


def messages_to(mail_server, address: str, wanted: int = 1, timeout: float = 10) -> list:
    """The messages to ``address`` once ``wanted`` have arrived (the portal sends after it
    answers)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in mail_server.inbox.messages if m["To"] == address]
        if len(found) >= wanted or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def staff_signed_in(site, email: str, password: str) -> TestClient:
    """A browser signed in as a staff member, by their password."""
    client = portal(site)
    form = {"email": email, "password": password, "csrf": form_token(client, "/signin/password")}
    assert client.post("/signin/password", data=form).status_code == 303
    return client
