"""A guest with only their badge asks at the kiosk what is held about them: they scan it on
*Your data*, read what is held, why, until when and who received it, in their language and
with nothing but their short name shown, and have the values emailed as a link to their data.
The request is in the trail, proved by the badge."""

import re

import pytest

from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from kiosk.services.rights.requests import PersonQuery, export_people
from kiosk.services.visits.check_in import check_in
from tests.builders import HOST_EMAIL, member, open_now
from tests.portal_client import messages_to
from tests.ui.driving import scan
from tests.ui.test_guest_privacy import visible_texts

SITI = "siti@tamu.example"


@pytest.fixture
def kiosk_overrides(mail_server) -> dict[str, str]:
    return {"mail.smtp_url": mail_server.url}


def checked_in(driver, **guest: object) -> str:
    """Siti, in the building: her badge's code."""
    kiosk = driver.app.kiosk
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", HOST_EMAIL), "t")
        uow.commit()
    made = invite(kiosk, open_now(**({"phone": "0812 3456 7890"} | guest)), "staff:test")
    visit = check_in(kiosk, made.id).visit
    return kiosk.badge_tokens.token(visit.id)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_guest_scans_their_badge_and_reads_what_is_held_about_them(
    kiosk_app, mail_server, language: str
) -> None:
    badge = checked_in(kiosk_app)
    if language == "en":
        kiosk_app.tap("language_toggle")
    kiosk_app.tap("my_data")
    assert kiosk_app.app.root.current == "my_data"
    kiosk_app.screenshot(f"kiosk-my-data-scan-{language}")
    scan(kiosk_app, "NOT-A-BADGE")
    unknown = "We do not know this badge" if language == "en" else "Kami tidak mengenal lencana"
    assert unknown in kiosk_app.widget("status").text

    scan(kiosk_app, badge)
    about = "What we hold about" if language == "en" else "Yang kami simpan tentang"
    assert kiosk_app.widget("title").text == f"{about} Siti R."
    lines = [line.text for line in reversed(kiosk_app.widget("held").children)]
    assert len(lines) >= 3 and all(" · " in line for line in lines)
    kept = "kept while your visit needs it" if language == "en" else "disimpan selama"
    assert any(kept in line for line in lines), "she is in the building: no end date yet"
    shown = " | ".join(visible_texts(kiosk_app))
    for private in ("Rahmawati", SITI, "3456", "7890"):
        assert private not in shown, f"the lobby is public: {private!r} shown"
    kiosk_app.screenshot(f"kiosk-my-data-{language}")

    kiosk_app.tap("email_me")
    (message,) = messages_to(mail_server, SITI)
    assert re.search(r"/privacy/link/\S+", message.get_content())
    assert kiosk_app.widget("email_me").disabled, "sent once"
    trail = export_people(kiosk_app.app.kiosk, PersonQuery(email=SITI), "staff:test")
    actions = [entry["detail"] for entry in trail["people"][0]["trail"]]
    assert "access asked by the person (badge_qr)" in actions
    kiosk_app.tap("back")
    assert kiosk_app.app.root.current == "welcome"


def test_a_guest_without_an_email_reads_their_data_and_is_not_offered_one(kiosk_app) -> None:
    badge = checked_in(kiosk_app, email=None)
    kiosk_app.tap("my_data")
    scan(kiosk_app, badge)
    assert kiosk_app.widget("held").children
    assert kiosk_app.widget("email_me").disabled and kiosk_app.widget("email_me").opacity == 0
