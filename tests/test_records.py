"""The record of processing activities and the machine-readable exports of the registry."""

import csv
import io
import json

import yaml
from click.testing import CliRunner
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from fideslang.models import System

from kiosk.cli import main
from kiosk.privacy.records import ROPA_COLUMNS, dpv_jsonld, fideslang_yaml, ropa_csv
from kiosk.privacy.site_policy import site_policy

PERFORMED = {
    "visitor-identification",
    "visitor-verification",
    "visitor-deny-list",
    "visitor-parking",
    "visitor-wifi",
    "visitor-sign-in-services",
    "visitor-vendor-engagement",
    "visitor-events",
    "visitor-communications",
    "member-operational-notices",
    "member-service-provision",
    "member-preferences",
}
"""What the kiosk does under the bundled registry, out of the box: read off the intakes."""


def test_the_fideslang_export_declares_what_the_site_does_and_validates(make_settings) -> None:
    policy = site_policy(make_settings())
    (system,) = yaml.safe_load(fideslang_yaml(policy))["system"]
    validated = System.model_validate(system)
    uses = {use.fides_key for use in DEFAULT_TAXONOMY.data_use}
    categories = {category.fides_key for category in DEFAULT_TAXONOMY.data_category}
    subjects = {subject.fides_key for subject in DEFAULT_TAXONOMY.data_subject}
    declarations = validated.privacy_declarations
    names = {policy.registry.purposes[key].label["en"] for key in PERFORMED}
    assert {declaration.name for declaration in declarations} == names
    assert "WeLive and Powered by WeLive" in validated.description
    for declaration in declarations:
        assert declaration.data_use in uses
        assert declaration.data_categories and set(declaration.data_categories) <= categories
        assert set(declaration.data_subjects) <= subjects
    verification = next(d for d in declarations if d.data_use == "essential.fraud_detection")
    assert "user.government_id" in verification.data_categories


def test_the_ropa_lists_what_the_site_does_then_what_it_does_not(make_settings) -> None:
    policy = site_policy(make_settings(**{"privacy.disable": "visitor-wifi"}))
    rows = list(csv.DictReader(io.StringIO(ropa_csv(policy))))
    assert list(rows[0]) == list(ROPA_COLUMNS)
    assert sorted(row["purpose"] for row in rows) == sorted(policy.registry.purposes)
    performed = [row["purpose"] for row in rows if row["performed here"] == "yes"]
    assert set(performed) == PERFORMED - {"visitor-wifi"}
    assert performed == [row["purpose"] for row in rows[: len(performed)]], "performed first"
    by_key = {row["purpose"]: row for row in rows}
    identification = by_key["visitor-identification"]
    assert identification["legal basis (GDPR)"] == "GDPR Art. 6(1)(f)"
    assert identification["legal basis (UU PDP)"].startswith("UU PDP Pasal 20")
    assert identification["personal data"] == "visitor.name, visitor.email, visitor.phone"
    assert identification["retention"] == "30 days after the visit ends, then erased"
    assert identification["controller"] == (
        "WeLive and Powered by WeLive; privacy@wework.com; The WeWork Privacy Team, under the "
        "WeWork Global Privacy Policy; or this building's reception"
    )
    payment = by_key["visitor-payment"]
    assert payment["specific data (UU PDP Pasal 4(2))"] == "yes"
    assert payment["performed here"] == "no: the kiosk holds no data for it"
    assert payment["personal data"] == "-"
    assert by_key["visitor-wifi"]["performed here"] == "no: not turned on at this site"
    assert by_key["visitor-vendor-engagement"]["personal data"] == (
        "visitor.name, visitor.email, visitor.phone, visitor.company"
    ), "a vendor's ID is held for verification, not for the engagement"


def test_the_commands_print_the_ropa_and_the_dpv_export(make_settings, tmp_path) -> None:
    env = {"KIOSK_DATA_DIR": str(tmp_path / "data")}
    policy = site_policy(make_settings())
    markdown = CliRunner().invoke(main, ["policy", "ropa", "--format", "md"], env=env)
    assert markdown.exit_code == 0
    performed, not_performed = markdown.stdout.split("## Purposes of the policy not performed")
    assert "Controller: WeLive and Powered by WeLive; privacy@wework.com;" in performed
    for purpose in policy.registry.purposes:
        if purpose in PERFORMED:
            assert f"| {purpose} |" in performed
        else:
            assert f"- {purpose} (" in not_performed
    indonesian = CliRunner().invoke(
        main, ["policy", "ropa", "--format", "csv", "--lang", "id"], env=env
    )
    assert "WeLive dan Powered by WeLive" in indonesian.stdout
    assert "Tuan rumah Anda (email kedatangan)" in indonesian.stdout
    dpv = json.loads(dpv_jsonld(policy))
    assert {node["@id"].rsplit("/", 1)[1] for node in dpv["@graph"]} == PERFORMED
    assert dpv["@graph"][0]["dpv:hasDataController"]["dpv:hasContact"] == "privacy@wework.com"
    exported = CliRunner().invoke(main, ["policy", "export", "--format", "dpv"], env=env)
    assert json.loads(exported.stdout) == dpv
    fideslang = CliRunner().invoke(main, ["policy", "export", "--format", "fideslang"], env=env)
    assert yaml.safe_load(fideslang.stdout) == yaml.safe_load(fideslang_yaml(policy))
