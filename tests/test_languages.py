"""The languages the kiosk speaks are one table: a language added to it (here a test-only one,
with no catalog of its own) reaches the settings, the command line, dates, emails and the
export page; where the policy has no words in it, they are shown in the policy's first
language and say so."""

import json

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.errors import SettingsError
from kiosk.languages import LANGUAGES, Language
from kiosk.privacy.registry import Intake
from kiosk.privacy.wording import why_we_ask
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.notice import lobby_notice
from kiosk.services.rights.export_page import render_export
from kiosk.services.rights.requests import PersonQuery, export_people
from tests.builders import request, send_mail

FRENCH = Language("fr", "Français", "fr_FR")


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(LANGUAGES, "fr", FRENCH)


@pytest.fixture
def site_overrides(french) -> dict[str, str]:
    return {"site.languages": "id,en,fr"}


def test_a_language_is_a_setting_only_once_the_table_has_it(make_settings, monkeypatch) -> None:
    with pytest.raises(SettingsError, match="'fr' is not one of id, en"):
        make_settings(**{"site.languages": "id,fr"})
    monkeypatch.setitem(LANGUAGES, "fr", FRENCH)
    assert make_settings(**{"site.languages": "id,fr", "site.language": "fr"}).language == "fr"


def test_the_command_line_offers_every_language_of_the_table(french, tmp_path) -> None:
    env = {"KIOSK_DATA_DIR": str(tmp_path)}
    shown = CliRunner().invoke(main, ["policy", "fields", "--lang", "fr", "--json"], env=env)
    assert shown.exit_code == 0, shown.output
    name = next(f for f in json.loads(shown.stdout)["fields"] if f["key"] == "visitor.name")
    assert name["label"] == "Nama", "the policy's words, in its first language"
    refused = CliRunner().invoke(main, ["policy", "fields", "--lang", "de"], env=env)
    assert refused.exit_code == 2 and "'de' is not one of 'id', 'en', 'fr'" in refused.stderr


def test_a_guest_in_a_language_the_policy_lacks_reads_it_in_its_first_marked(
    site, mail_server
) -> None:
    notice = lobby_notice(site, Intake.WALK_IN, "meeting", "fr")
    assert notice.shown_in == "Bahasa Indonesia"
    assert notice.items[0].purpose == "Mengenali Anda dan membuat lencana"
    assert lobby_notice(site, Intake.WALK_IN, "meeting", "en").shown_in is None
    why = why_we_ask(site.gateway.policy, "visitor.email", "visitor-identification", "fr")
    assert why.shown_in == "Bahasa Indonesia"

    invite(site, request(language="fr"), "staff:test")
    assert str(send_mail(site)) == "1 sent"
    (message,) = mail_server.inbox.messages
    text = message.get_body(("plain",)).get_content()
    assert "Hello Siti Rahmawati," in text, "no French catalog: the English message ids"
    assert "novembre" in text or "décembre" in text, "dates in French"
    assert "WeLive dan Powered by WeLive" in text, "the controller in the policy's language"

    page = render_export(export_people(site, PersonQuery(email="siti@tamu.example"), "t"))
    assert [part.split('"')[0] for part in page.split('<section lang="')[1:]] == ["id", "en", "fr"]


@pytest.mark.parametrize("locale", ["en_US", "ko_KR", "hi_IN", "ar_EG"])
def test_the_clock_is_24_hours_whatever_the_locales_habit(monkeypatch, locale: str) -> None:
    from datetime import datetime

    from kiosk.i18n import clock_time

    monkeypatch.setitem(LANGUAGES, "xx", Language("xx", "Test", locale))
    for code in LANGUAGES:
        evening = clock_time(datetime(2026, 12, 3, 18, 5), code)
        assert evening.startswith("18") and "05" in evening, (code, evening)
        assert clock_time(datetime(2026, 12, 3, 6, 5), code).startswith("06"), code
