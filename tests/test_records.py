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
from kiosk.services.bootstrap import site_policy


def test_the_fideslang_export_validates_with_fideslang(make_settings) -> None:
    policy = site_policy(make_settings())
    (system,) = yaml.safe_load(fideslang_yaml(policy))["system"]
    validated = System.model_validate(system)
    uses = {use.fides_key for use in DEFAULT_TAXONOMY.data_use}
    categories = {category.fides_key for category in DEFAULT_TAXONOMY.data_category}
    subjects = {subject.fides_key for subject in DEFAULT_TAXONOMY.data_subject}
    declarations = validated.privacy_declarations
    assert len(declarations) == len(policy.registry.purposes)
    for declaration in declarations:
        assert declaration.data_use in uses
        assert set(declaration.data_categories) <= categories
        assert set(declaration.data_subjects) <= subjects


def test_the_ropa_lists_every_purpose_with_both_legal_bases(make_settings) -> None:
    policy = site_policy(make_settings())
    rows = list(csv.DictReader(io.StringIO(ropa_csv(policy))))
    assert [row["purpose"] for row in rows] == list(policy.registry.purposes)
    assert list(rows[0]) == list(ROPA_COLUMNS)
    identification = next(row for row in rows if row["purpose"] == "visitor-identification")
    assert identification["legal basis (GDPR)"] == "GDPR Art. 6(1)(f)"
    assert identification["legal basis (UU PDP)"].startswith("UU PDP Pasal 20")
    assert "visitor.name" in identification["personal data"]
    assert identification["retention"] == "30 days after the visit ends, then erased"
    payment = next(row for row in rows if row["purpose"] == "visitor-payment")
    assert payment["specific data (UU PDP Pasal 4(2))"] == "yes"


def test_the_commands_print_the_ropa_and_the_dpv_export(make_settings, tmp_path) -> None:
    env = {"KIOSK_DATA_DIR": str(tmp_path / "data")}
    markdown = CliRunner().invoke(main, ["policy", "ropa", "--format", "md"], env=env)
    assert markdown.exit_code == 0
    for purpose in site_policy(make_settings()).registry.purposes:
        assert f"| {purpose} |" in markdown.stdout
    dpv = json.loads(dpv_jsonld(site_policy(make_settings())))
    assert len(dpv["@graph"]) == len(site_policy(make_settings()).registry.purposes)
    exported = CliRunner().invoke(main, ["policy", "export", "--format", "dpv"], env=env)
    assert json.loads(exported.stdout) == dpv
