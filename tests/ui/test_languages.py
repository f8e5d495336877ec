"""A third language on the kiosk, one the policy has no words in: the language button reaches
it, and the notice is shown in the policy's first language, saying so."""

import pytest

from kiosk.languages import LANGUAGES, Language
from tests.ui.driving import details_lines, invited_now, scan


@pytest.fixture
def kiosk_overrides(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setitem(LANGUAGES, "fr", Language("fr", "Français", "fr_FR"))
    return {"site.languages": "id,en,fr"}


def test_a_language_without_policy_words_shows_the_policy_in_its_first(kiosk_app) -> None:
    """With three languages the button opens a list of them, each in its own words."""
    made = invited_now(kiosk_app)
    assert kiosk_app.widget("language_toggle").text == "Bahasa"
    kiosk_app.tap("language_toggle")
    names = [kiosk_app.widget(f"language_{code}").text for code in ("id", "en", "fr")]
    assert names == ["Bahasa Indonesia", "English", "Français"]
    kiosk_app.screenshot("language-picker-id")
    kiosk_app.tap("language_fr")
    assert kiosk_app.app.language == "fr"
    assert kiosk_app.widget("greeting").text == "Welcome", "no French catalog: English"
    scan(kiosk_app, made.token)
    assert kiosk_app.widget("why").says == "Mengenali Anda dan membuat lencana"
    kiosk_app.tap("details")
    lines = details_lines(kiosk_app)
    assert lines[1] == (
        "(In Bahasa Indonesia: the privacy policy has no version in this language.)"
    )
    assert lines[2].startswith("Mengenali Anda dan membuat lencana: ")
    kiosk_app.screenshot("notice-fallback-fr")
