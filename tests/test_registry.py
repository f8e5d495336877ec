"""The purpose registry against the operator's policy, and the strict loader's errors."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import main
from kiosk.errors import RegistryError, SettingsError
from kiosk.privacy.registry import Basis, Subject
from kiosk.privacy.registry_loader import load_current_registry, load_registry, registry_dir
from kiosk.privacy.site_policy import site_policy
from kiosk.settings import load_settings
from tests.builders import BUNDLED_VERSION

SOURCE = registry_dir() / "2018-05-25.toml"
ITEMS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")
# Read off the policy: the bullets of the members' and the visitors' paragraphs, with the
# numbered items of the "other personal information" bullet, and the bases each bullet names.
POLICY_BULLETS = {
    ("members", 1, None): {Basis.CONTRACT, Basis.LEGITIMATE_INTERESTS},
    ("members", 2, None): {Basis.LEGITIMATE_INTERESTS, Basis.LEGAL_OBLIGATION},
    ("members", 3, None): {Basis.CONTRACT},
    **{("members", 4, item): None for item in ITEMS},
    ("members", 5, None): {Basis.CONTRACT, Basis.LEGITIMATE_INTERESTS},
    ("members", 6, None): None,
    ("members", 7, None): None,
    ("visitors", 1, None): {Basis.LEGITIMATE_INTERESTS},
    ("visitors", 2, None): {Basis.LEGITIMATE_INTERESTS, Basis.LEGAL_OBLIGATION},
    **{("visitors", 3, item): None for item in ITEMS},
    ("visitors", 4, None): {Basis.CONTRACT},
    ("visitors", 5, None): None,
    ("visitors", 6, None): {Basis.LEGITIMATE_INTERESTS, Basis.CONSENT},
    ("visitors", 7, None): None,
    ("visitors", 8, None): None,
}
POLICY_CATEGORIES = {
    "contact",
    "professional",
    "verification",
    "payment",
    "other",
    "preference",
    "office_calendar",
    "communications",
}


def test_every_bullet_of_the_policy_has_its_purposes_and_nothing_is_invented() -> None:
    registry = load_current_registry()
    cited: dict[tuple, set[Basis]] = {}
    for purpose in registry.purposes.values():
        key = (purpose.cites.paragraph, purpose.cites.bullet, purpose.cites.item)
        cited.setdefault(key, set()).add(purpose.basis)
        subject = Subject.MEMBER if purpose.cites.paragraph == "members" else Subject.VISITOR
        assert purpose.subjects == {subject}, purpose.key
    assert set(cited) == set(POLICY_BULLETS)
    for bullet, bases in POLICY_BULLETS.items():
        if bases:
            assert cited[bullet] == bases, bullet
    assert set(registry.categories) == POLICY_CATEGORIES


def test_every_field_says_why_in_both_languages_and_is_tied_to_purposes() -> None:
    registry = load_current_registry()
    for binding in registry.fields.values():
        assert binding.purposes
        assert binding.why["id"] != binding.why["en"]
    assert not registry.fields["visitor.photo"].enabled
    assert registry.purposes["visitor-marketing"].basis is Basis.CONSENT


@pytest.mark.parametrize("language", ["id", "en"])
def test_policy_show_prints_each_purpose_with_basis_and_retention(language: str) -> None:
    registry = load_current_registry()
    result = CliRunner().invoke(main, ["policy", "show", "--lang", language, "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["version"] == "2018-05-25+kiosk-1+kiosk-2"
    by_key = {line["key"]: line for line in shown["purposes"]}
    assert by_key.keys() == registry.purposes.keys()
    marketing = by_key["visitor-marketing"]
    assert marketing["label"] == registry.purposes["visitor-marketing"].label[language]
    assert "Pasal 20 ayat (2) huruf a" in marketing["basis"]
    assert "GDPR Art. 6(1)(a)" in marketing["basis"]
    expected = "30 hari setelah kunjungan berakhir" if language == "id" else "30 days after"
    assert by_key["visitor-identification"]["retention"].startswith(expected)
    table = CliRunner().invoke(main, ["policy", "show", "--lang", language]).stdout
    assert registry.purposes["visitor-identification"].label[language][:20] in table
    identification = by_key["visitor-identification"]
    categories = {"id": ["Informasi kontak"], "en": ["Contact information"]}
    assert identification["categories"] == categories[language] and identification["performed"]
    assert not by_key["visitor-payment"]["performed"], "the kiosk takes no payments"
    for category in ("Informasi kontak", "Informasi verifikasi", "Informasi pembayaran"):
        assert (category in table) == (language == "id")


@pytest.mark.parametrize("language", ["id", "en"])
def test_policy_fields_lists_each_field_with_its_purposes_basis_retention_and_why(
    language: str,
) -> None:
    registry = load_current_registry()
    result = CliRunner().invoke(main, ["policy", "fields", "--lang", language, "--json"])
    assert result.exit_code == 0, result.output
    fields = {line["key"]: line for line in json.loads(result.stdout)["fields"]}
    assert fields.keys() == registry.fields.keys()
    email = fields["visitor.email"]
    assert (
        email["label"] == "Email" and email["why"] == registry.fields["visitor.email"].why[language]
    )
    assert email["category"] == {"id": "Informasi kontak", "en": "Contact information"}[language]
    assert [p["key"] for p in email["purposes"]] == [
        "visitor-identification",
        "visitor-vendor-engagement",
    ], "marketing is off here: not a purpose the email is held for"
    assert "GDPR Art. 6(1)(f)" in email["purposes"][0]["basis"]
    assert email["purposes"][0]["retention"].startswith(
        {"id": "30 hari setelah kunjungan berakhir", "en": "30 days after the visit ends"}[language]
    )
    assert fields["visitor.photo"]["purposes"] == [] and not fields["visitor.photo"]["enabled"]
    table = CliRunner().invoke(main, ["policy", "fields", "--lang", language]).stdout
    assert registry.fields["visitor.parking_plate"].label[language] in table


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / SOURCE.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "line_needle", "message"),
    [
        (
            'dpv = "dpv:IdentityVerification"',
            'dpv = "dpv:IdentityVerification"\ncolour = "blue"',
            'colour = "blue"',
            "purposes.visitor-identification.colour: unknown key 'colour'",
        ),
        (
            'purposes = ["visitor-parking"]',
            "purposes = []",
            "purposes = []",
            "fields.visitor.parking_plate.purposes: a field needs at least one purpose",
        ),
        (
            'basis = "legal_obligation"\nenabled = false',
            "enabled = false",
            "[purposes.visitor-legal-compliance]",
            "purposes.visitor-legal-compliance: has no legal basis",
        ),
        (
            'retention = { days = 1, after = "visit_end", then = "erase" }',
            "",
            "[purposes.visitor-parking]",
            "purposes.visitor-parking: has no retention rule",
        ),
        (
            'opt_in = "explicit"\n',
            "",
            "[purposes.visitor-marketing]",
            "purposes.visitor-marketing: is based on consent but has no explicit opt-in",
        ),
        (
            'purposes = ["visitor-communications"]',
            'purposes = ["member-communications"]',
            'purposes = ["member-communications"]',
            "purpose 'member-communications' is for member only, not visitor",
        ),
        (
            '[fields."visitor.id_last4"]',
            '[fields."visitor.id_number"]',
            '[fields."visitor.id_number"]',
            "never stores a full ID number",
        ),
        (
            'basis = "contract"\nlabel = { id = "Pembayaran"',
            'basis = "contract"\nopt_in = "explicit"  # misplaced\nlabel = { id = "Pembayaran"',
            'opt_in = "explicit"  # misplaced',
            "only a consent purpose has an opt-in",
        ),
    ],
)
def test_each_registry_mistake_names_the_entry_and_line(
    tmp_path: Path, old: str, new: str, line_needle: str, message: str
) -> None:
    path = broken_copy(tmp_path, old, new)
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    text = str(caught.value)
    assert message in text
    assert re.match(rf"{re.escape(str(path))}:{line_of(path, line_needle)}: ", text), text


def test_policy_check_command(tmp_path: Path) -> None:
    good = CliRunner().invoke(main, ["policy", "check", str(SOURCE)])
    assert good.exit_code == 0
    registry = load_registry(SOURCE)
    counts = f"{len(registry.purposes)} purposes, {len(registry.fields)} fields"
    assert f"policy 2018-05-25 is valid: {counts}" in good.stdout
    bad = broken_copy(tmp_path, 'basis = "consent"', 'basis = "vibes"')
    result = CliRunner().invoke(main, ["policy", "check", str(bad)])
    assert result.exit_code == 2
    line = line_of(bad, 'basis = "vibes"')
    assert f"{bad}:{line}: purposes.visitor-marketing.basis" in result.stderr
    assert "'vibes' is not one of consent, contract" in result.stderr


def test_policy_check_warns_of_a_registry_that_keeps_requests_forever(tmp_path: Path) -> None:
    """A site amending the kiosk's first amendment has no retention for people's requests."""
    old = tmp_path / "2018-05-25+kiosk-1+old-1.toml"
    old.write_text(
        '[policy]\nversion = "2018-05-25+kiosk-1+old-1"\namends = "2018-05-25+kiosk-1"\n',
        encoding="utf-8",
    )
    warned = CliRunner().invoke(main, ["policy", "check", str(old)])
    assert warned.exit_code == 0, warned.output
    assert "warning: no [records.privacy-requests]" in warned.stderr
    assert "warning: [controller] is still the one the kiosk ships" in warned.stderr
    bundled = SOURCE.with_name(f"{BUNDLED_VERSION}.toml")
    current = CliRunner().invoke(main, ["policy", "check", str(bundled)])
    assert current.exit_code == 0 and "warning" not in current.stderr


def test_a_new_policy_file_supersedes_the_old_one(tmp_path: Path) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    (tmp_path / "2018-05-25.toml").write_text(text, encoding="utf-8")
    newer = text.replace(
        'version = "2018-05-25"', 'version = "2027-01-01"\nsupersedes = "2018-05-25"'
    )
    (tmp_path / "2027-01-01.toml").write_text(newer, encoding="utf-8")
    assert load_current_registry(tmp_path).version == "2027-01-01"

    (tmp_path / "2018-05-25.toml").unlink()
    with pytest.raises(RegistryError, match="supersedes '2018-05-25', which is not in the folder"):
        load_current_registry(tmp_path)


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        (
            "privacy.enable",
            ["visitor-selfies"],
            "'visitor-selfies' is neither a purpose nor a field",
        ),
        ("privacy.disable", ["visitor.shoe_size"], "'visitor.shoe_size' is neither"),
    ],
)
def test_site_settings_must_name_real_purposes(make_settings, setting, value, message) -> None:
    with pytest.raises(SettingsError, match=message):
        site_policy(make_settings(**{setting: value}))


def test_a_site_may_keep_data_for_less_but_never_longer(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[retention]\nvisitor-identification = 7\n")
    policy = site_policy(load_settings(config, environ={}))
    assert policy.retention(policy.registry.purposes["visitor-identification"]).days == 7
    config.write_text("[retention]\nvisitor-identification = 90\n")
    with pytest.raises(SettingsError, match="90 days is longer than the policy's 30"):
        site_policy(load_settings(config, environ={}))
    result = CliRunner().invoke(main, ["--config", str(config), "policy", "show"])
    assert result.exit_code == 2 and "longer than the policy's 30" in result.stderr


RELEASED = {
    "2018-05-25": "248bca0e44fc7cd96fd269d207d272c272b915cd5f0bd5079a5b724640142840",
    "2018-05-25+kiosk-1": "f9ffe3bd188946d16932887f49405b36706317fcd045a637478d9fdf0db952ac",
    "2018-05-25+kiosk-1+kiosk-2": (
        "7b9a466c196f87097dcb50bcae773afc1b8176bd71b993ed95e8fc765e924ddd"
    ),
}
"""Each bundled registry as it was released. None changes again: a site amends one with a short
file of its own, and a new policy (or the kiosk's own new fields) comes as a new release, a file
whose `supersedes` names the one before, added here with its hash."""


def test_every_bundled_registry_stays_byte_for_byte_as_released() -> None:
    bundled = {path.stem: path.read_bytes() for path in registry_dir().glob("*.toml")}
    assert bundled.keys() == RELEASED.keys()
    for version, released in bundled.items():
        assert hashlib.sha256(released).hexdigest() == RELEASED[version], version
