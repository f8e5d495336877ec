"""Settings: file, environment and command line, and one clear sentence for each mistake."""

from pathlib import Path

import pytest

from kiosk.errors import SettingsError
from kiosk.settings import displayed_settings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_suit_an_indonesian_lobby(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ""), environ={})
    assert settings.language == "id"
    assert settings.languages == ("id", "en")
    assert settings.timezone == "Asia/Jakarta"
    assert settings.inactivity_timeout == 60
    assert settings.verification == "none"
    assert settings.printer == "dummy:"
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("kiosk.sqlite3")
    assert settings.camera is None, "codes come from a USB scanner unless a camera is named"


def test_file_then_environment_then_command_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[site]\nname = "Menara A"\ntimezone = "Asia/Makassar"\n'
        '[printer]\nuri = "tcp://10.0.0.5:9100"\n[retention]\nvisitor-badge = 30\n',
    )
    settings = load_settings(
        path,
        environ={"KIOSK_SITE_NAME": "Menara B", "KIOSK_PRINTER": "file:/dev/usb/lp0"},
        overrides={"printer.uri": "dummy:"},
    )
    assert settings.timezone == "Asia/Makassar"
    assert settings.site_name == "Menara B"
    assert settings.printer == "dummy:"
    assert settings.retention_days == {"visitor-badge": 30}
    assert settings.sources["site.timezone"] == str(path)
    assert settings.sources["site.name"] == "KIOSK_SITE_NAME"
    assert settings.sources["printer.uri"] == "command line"


def test_config_file_found_through_kiosk_config(tmp_path: Path) -> None:
    path = write(tmp_path, '[kiosk]\nid = "lobby-north"\n')
    assert load_settings(environ={"KIOSK_CONFIG": str(path)}).kiosk_id == "lobby-north"


def test_plain_postgresql_url_uses_psycopg_3(tmp_path: Path) -> None:
    settings = load_settings(
        write(tmp_path, ""), environ={"KIOSK_DATABASE_URL": "postgresql://kiosk@db/building"}
    )
    assert settings.database_url == "postgresql+psycopg://kiosk@db/building"


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ('[site]\nnmae = "x"\n', {}, "unknown setting 'site.nmae' (did you mean 'site.name'?)"),
        ("[sight]\n", {}, "unknown setting 'sight'"),
        ('[site]\ntimezone = "Asia/Jakata"\n', {}, "site.timezone: 'Asia/Jakata' is not a known"),
        ("[kiosk]\ninactivity_timeout = 2\n", {}, "between 10 and 3600 seconds"),
        ('[kiosk]\nverification = "face"\n', {}, "'face' is not one of none, id_last4"),
        ('[site]\nlanguages = ["id", "fr"]\n', {}, "'fr' is not one of id, en"),
        ('[site]\nlanguage = "en"\nlanguages = ["id"]\n', {}, "site.language must be one of"),
        ('[printer]\nuri = "lp0"\n', {}, "printer.uri: 'lp0' must start with one of dummy:, file:"),
        ("[retention]\nvisitor-badge = -3\n", {}, "retention.visitor-badge: must be a whole"),
        ("[site\n", {}, "not valid TOML"),
        ('[scanner]\ncamera = "front"\n', {}, "'front' is not a camera number (0 for the first"),
        ('[site]\nbrand_colour = "teal"\n', {}, "'teal' is not a colour like #00787C"),
        ('[site]\nbrand_colour = "#FFD700"\n', {}, "#FFD700 is too light for the white text"),
        ('[printer]\nfont = "comic"\n', {}, "'comic' is not one of auto, bundled, printer"),
        ("", {"KIOSK_INACTIVITY_TIMEOUT": "soon"}, "KIOSK_INACTIVITY_TIMEOUT: kiosk.inactivity"),
        ("", {"KIOSK_DATABASE_URL": "mysql://u:pw@h/db"}, "'mysql://u:***@h/db' must start"),
    ],
)
def test_each_mistake_is_one_sentence_naming_the_key(
    tmp_path: Path, text: str, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(write(tmp_path, text), environ=environ)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_named_config_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_secrets_are_masked_when_shown(tmp_path: Path) -> None:
    pin_hash = "scrypt$16384$8$1$c2FsdHNhbHQ=$aGFzaGhhc2g="
    path = write(tmp_path, f'[kiosk]\nstaff_pin_hash = "{pin_hash}"\n')
    settings = load_settings(
        path,
        environ={
            "KIOSK_DATABASE_URL": "postgresql+psycopg://kiosk:hunter2@db/building",
            "KIOSK_SMTP_URL": "smtp+starttls://mailer:s3cret@mail.example.com:587",
        },
    )
    shown = {key: value for key, value, _source in displayed_settings(settings)}
    assert shown["database.url"] == "postgresql+psycopg://kiosk:***@db/building"
    assert shown["mail.smtp_url"] == "smtp+starttls://mailer:***@mail.example.com:587"
    assert shown["kiosk.staff_pin_hash"] == "(set)"
    assert all(secret not in str(shown) for secret in ("hunter2", "s3cret", "c2FsdHNhbHQ"))
