"""A site's own registry, a short amendment of the released one: a field it adds reaches every
intake path and comes back in an access export with its purpose, with no change to the code;
its controller is named, in the reader's language, in every notice and by `policy show`; the
values record the amended version; and a language the registry lacks is shown in its first."""

import csv
import io
import json
from pathlib import Path

import pytest

from kiosk.errors import RegistryError
from kiosk.privacy.registry_loader import load_registry
from kiosk.privacy.site_policy import site_policy
from tests.builders import (
    AMENDMENT,
    BUNDLED_VERSION,
    EXTRA_FIELD,
    SITE_VERSION,
    TOMORROW,
    run,
    site_registry,
)
from tests.portal_client import invite_form, signed_in

CONTACT = "privacy@wework.com"


@pytest.fixture
def site_overrides(tmp_path: Path) -> dict[str, str]:
    return {"privacy.registry": str(site_registry(tmp_path))}


def test_the_site_registry_is_checked_by_the_same_loader(tmp_path: Path) -> None:
    registry = load_registry(site_registry(tmp_path))
    assert registry.fields["visitor.accessibility_needs"].purposes == ("visitor-sign-in-services",)
    wrong_purpose = EXTRA_FIELD.replace("visitor-sign-in-services", "visitor-identification")
    with pytest.raises(RegistryError, match="does not cover other information"):
        load_registry(site_registry(tmp_path, extra=wrong_purpose))
    checked = run_check(site_registry(tmp_path, extra=wrong_purpose))
    assert checked.exit_code == 2 and checked.stderr.count("\n") == 1
    assert "fields.visitor.accessibility_needs.purposes" in checked.stderr


def test_a_short_amendment_adds_a_field_and_names_the_controller(
    site, mail_server, tmp_path: Path
) -> None:
    amendment = site_registry(tmp_path / "again")
    assert len(amendment.read_text(encoding="utf-8").splitlines()) < 30
    checked = run_check(amendment)
    assert checked.exit_code == 0 and "[controller]" not in checked.stderr, checked.output
    assert f"policy {SITE_VERSION} is valid" in checked.stdout

    shown = json.loads(run(site, "policy", "show", "--lang", "en", "--json").stdout)
    assert (shown["version"], shown["amends"]) == (SITE_VERSION, BUNDLED_VERSION)
    assert (shown["controller"], shown["contact"]) == ("Contoh Building Company", CONTACT)
    table = run(site, "policy", "show", "--lang", "id").stdout
    assert "PT Gedung Contoh" in table and SITE_VERSION in table

    client = signed_in(site, mail_server)
    form = client.get("/invitations/new?type=meeting").text
    assert 'name="accessibility_needs"' in form and "Accessibility needs" in form
    given = invite_form(client, email="ani@tamu.example", accessibility_needs="Kursi roda")
    assert client.post("/invitations/new", data=given).status_code == 303
    out = tmp_path / "ani"
    run(site, "subject", "export", "--email", "ani@tamu.example", "--out", str(out))
    (document,) = [json.loads(path.read_text()) for path in out.glob("*.json")]
    held = {value["field"]: value["value"] for value in document["people"][0]["values"]}
    assert held["visitor.accessibility_needs"] == "Kursi roda"


def test_an_amendment_is_held_to_every_rule_and_errors_name_its_own_lines(tmp_path: Path) -> None:
    longer = AMENDMENT.replace(f'amends = "{BUNDLED_VERSION}"', f'amends = "{BUNDLED_VERSION}"\n')
    lines = longer.splitlines()
    bad = site_registry(tmp_path, extra="")
    bad.write_text(longer + "\n[purposes.visitor-identification.retention]\ndays = -1\n")
    with pytest.raises(RegistryError) as refused:
        load_registry(bad)
    assert f"{bad}:{len(lines) + 3}: purposes.visitor-identification.retention.days" in str(
        refused.value
    )
    unnamed = bad.with_name("2018-05-25.toml")
    unnamed.write_text(AMENDMENT.replace(SITE_VERSION, "menara-1"))
    with pytest.raises(RegistryError, match="an amendment's version is the one it amends"):
        load_registry(unnamed)
    missing = bad.with_name("2019-01-01+x.toml")
    missing.write_text('[policy]\nversion = "2019-01-01+x"\namends = "2019-01-01"\n')
    with pytest.raises(RegistryError, match="no registry '2019-01-01' beside it or bundled"):
        load_registry(missing)


def test_values_taken_in_under_an_amendment_record_its_version(site, tmp_path: Path) -> None:
    invited = run(
        site,
        *("invite", "--host", "rina@menara.example", "--name", "Siti Rahmawati"),
        *("--email", "siti@tamu.example", "--date", TOMORROW.isoformat()),
    )
    assert invited.exit_code == 0, invited.output
    out = tmp_path / "export"
    run(site, "subject", "export", "--email", "siti@tamu.example", "--out", str(out))
    (document,) = [json.loads(path.read_text()) for path in out.glob("*.json")]
    assert document["policy_version"] == SITE_VERSION
    assert {seen["policy_version"] for seen in document["people"][0]["notices_seen"]} == {
        SITE_VERSION
    }


def run_check(path: Path):
    from click.testing import CliRunner

    from kiosk.cli import main

    return CliRunner().invoke(main, ["policy", "check", str(path)])


def test_a_field_the_site_adds_is_taken_in_everywhere_and_exported_with_its_purpose(
    site, tmp_path: Path
) -> None:
    day = TOMORROW.isoformat()
    invited = run(
        site,
        *("invite", "--host", "rina@menara.example", "--name", "Siti Rahmawati"),
        *("--email", "siti@tamu.example", "--date", day),
        *("--field", "accessibility_needs=Kursi roda"),
    )
    assert invited.exit_code == 0, invited.output
    unknown = run(
        site,
        *("invite", "--host", "rina@menara.example", "--name", "Ani", "--date", day),
        *("--field", "shoe_size=42"),
    )
    assert unknown.exit_code == 2
    assert unknown.stderr == "kiosk: 'visitor.shoe_size' is not a field of the policy\n"

    rows = tmp_path / "event.csv"
    rows.write_text(
        "host_email,date,name,email,accessibility_needs\n"
        f"rina@menara.example,{day},Budi Santoso,budi@tamu.example,Juru bahasa isyarat\n",
        encoding="utf-8",
    )
    imported = run(site, "invite", "import", str(rows))
    assert imported.exit_code == 0 and "imported 1 invitations of 1 rows" in imported.stdout

    for email, needs in (("siti@tamu.example", "Kursi roda"), ("budi@tamu.example", None)):
        out = tmp_path / email
        exported = run(site, "subject", "export", "--email", email, "--out", str(out))
        assert exported.exit_code == 0, exported.output
        (document,) = [json.loads(path.read_text()) for path in out.glob("*.json")]
        (held,) = [
            value
            for value in document["people"][0]["values"]
            if value["field"] == "visitor.accessibility_needs"
        ]
        assert held["purpose"] == "visitor-sign-in-services"
        assert held["label"] == {"id": "Kebutuhan aksesibilitas", "en": "Accessibility needs"}
        assert held["value"] == (needs or "Juru bahasa isyarat")
        assert document["controller"]["name"]["en"] == "Contoh Building Company"

    fields = json.loads(run(site, "policy", "fields", "--lang", "en", "--json").stdout)
    (line,) = [f for f in fields["fields"] if f["key"] == "visitor.accessibility_needs"]
    assert [p["key"] for p in line["purposes"]] == ["visitor-sign-in-services"]
    assert line["why"] == "So reception can have the help you need ready."


def test_the_english_record_and_export_name_the_controller_in_english(site) -> None:
    ropa = run(site, "policy", "ropa", "--format", "csv", "--lang", "en").stdout
    rows = list(csv.DictReader(io.StringIO(ropa)))
    assert {row["controller"].split(";")[0] for row in rows} == {"Contoh Building Company"}
    assert "PT Gedung Contoh" not in ropa
    indonesian = run(site, "policy", "ropa", "--format", "csv", "--lang", "id").stdout
    assert "PT Gedung Contoh" in indonesian and "Contoh Building Company" not in indonesian


def test_the_bundled_policy_names_its_controller_without_indonesian_in_english(
    make_settings,
) -> None:
    registry = site_policy(make_settings()).registry
    assert registry.text(registry.controller.name, "en") == "WeLive and Powered by WeLive"
    assert registry.text(registry.controller.name, "id") == "WeLive dan Powered by WeLive"
    assert registry.controller.email == "privacy@wework.com"


def test_every_notice_names_the_sites_controller_in_the_readers_language(site, mail_server) -> None:
    from kiosk.privacy.registry import Intake
    from kiosk.services.invitations.invite import invite
    from kiosk.services.lobby.notice import lobby_notice
    from kiosk.services.outbox.badges import badge_content
    from kiosk.services.rights.export_page import render_export
    from kiosk.services.rights.requests import PersonQuery, export_people
    from kiosk.services.visits.check_in import check_in
    from tests.builders import DURING, request, send_mail

    for language, ours, other in (
        ("en", "Contoh Building Company", "PT Gedung Contoh"),
        ("id", "PT Gedung Contoh", "Contoh Building Company"),
    ):
        notice = lobby_notice(site, Intake.INVITATION, "meeting", language)
        assert (notice.controller, notice.contact) == (ours, "privacy@wework.com")
        guest = f"{language}@tamu.example"
        made = invite(site, request(email=guest, language=language), "staff:test")
        assert str(send_mail(site)) == "1 sent"
        (message,) = [m for m in mail_server.inbox.messages if m["To"] == guest]
        text = message.get_body(("plain",)).get_content()
        assert ours in text and other not in text and "privacy@wework.com" in text
        visit = check_in(site, made.id, now=DURING).visit
        with site.unit_of_work() as uow:
            badge = badge_content(uow, site, visit.id)
        assert badge.privacy_line.endswith(site.settings.policy_url.split("://")[1])
    page = render_export(export_people(site, PersonQuery(email="en@tamu.example"), "staff:t"))
    english = page.split('<section lang="en">')[1]
    assert "Contoh Building Company" in english and "PT Gedung Contoh" not in english
