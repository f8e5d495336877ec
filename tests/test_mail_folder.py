"""``[mail] smtp_url = "folder:DIR"``: each message lands whole as an ``.eml`` file (the demo's
mail, and a way to see what a guest receives); a folder that cannot be written keeps the
message queued."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest

from kiosk.clock import utc_now
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.hosts import add_to_directory
from kiosk.services.invitations.invite import invite
from kiosk.services.outbox.senders import Channel, send_due
from tests.builders import member, request


@pytest.fixture
def folder_site(database_url, make_settings, tmp_path):
    def open_with(folder):
        settings = make_settings(
            **{"database.url": database_url, "mail.smtp_url": f"folder:{folder}"}
        )
        kiosk = open_kiosk(settings)
        add_to_directory(kiosk, member("Rina Wijaya", "rina@menara.example"), "staff:test")
        return kiosk

    return open_with


def test_each_message_is_written_whole_as_an_eml_file(folder_site, tmp_path):
    kiosk = folder_site(tmp_path / "mail")
    invite(kiosk, request(name="Siti Rahmawati", email="siti@tamu.example"), "staff:test")

    report = send_due(kiosk, Channel.EMAIL)

    (written,) = (tmp_path / "mail").iterdir()
    message = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert report.all_sent
    assert written.suffix == ".eml"
    assert message["To"] == "siti@tamu.example"
    assert "text/calendar" in {part.get_content_type() for part in message.walk()}


def test_a_folder_that_cannot_be_written_keeps_the_message_queued(folder_site, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    kiosk = folder_site(blocked)
    invite(kiosk, request(email="siti@tamu.example"), "staff:test")

    report = send_due(kiosk, Channel.EMAIL)

    assert not report.all_sent
    blocked.unlink()
    assert send_due(kiosk, Channel.EMAIL, now=utc_now() + timedelta(hours=1)).all_sent
