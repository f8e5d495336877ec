"""The record of processing activities and machine-readable exports of the registry.

The record lists what this site does: the purposes it holds data for (turned on here, with
fields the kiosk captures for them), then the policy's other purposes, each with why it is not
performed here. Columns follow GDPR Art. 30(1), the controller's contact details included,
plus the UU PDP legal basis, whether the data is of a specific kind (UU PDP Pasal 4(2)) and
the retention in force at the site. The fideslang export is a System whose privacy
declarations are the purposes performed; the DPV export is JSON-LD of the same.
"""

import csv
import io
import json

from kiosk.i18n import translations
from kiosk.privacy.field_kinds import fideslang_category
from kiosk.privacy.recipients import NO_CHANNELS, SiteChannels, recipients
from kiosk.privacy.registry import Basis, Purpose
from kiosk.privacy.site_policy import SitePolicy
from kiosk.privacy.wording import retention_text

SECURITY = (
    "Fields marked in the registry are encrypted with AES-GCM under a per-site key; look-up "
    "fields are keyed hashes; every capture, view, export, erasure and purge is in an "
    "HMAC-chained audit log"
)
TRANSFERS = "None: the kiosk sends nothing outside the operator's own servers"
FIDESLANG_SUBJECTS = {"visitor": "visitor", "member": "customer"}
FIDESLANG_BASES = {
    Basis.CONSENT: "Consent",
    Basis.CONTRACT: "Contract",
    Basis.LEGAL_OBLIGATION: "Legal obligations",
    Basis.LEGITIMATE_INTERESTS: "Legitimate interests",
}
DPV_BASES = {
    Basis.CONSENT: "dpv:Consent",
    Basis.CONTRACT: "dpv:Contract",
    Basis.LEGAL_OBLIGATION: "dpv:LegalObligation",
    Basis.LEGITIMATE_INTERESTS: "dpv:LegitimateInterest",
}
ROPA_COLUMNS = (
    "purpose",
    "name",
    "controller",
    "data subjects",
    "personal data",
    "specific data (UU PDP Pasal 4(2))",
    "legal basis (GDPR)",
    "legal basis (UU PDP)",
    "recipients",
    "transfers to third countries",
    "retention",
    "security measures",
    "performed here",
)


def controller_text(policy: SitePolicy, language: str) -> str:
    """Name and contact details of the controller (GDPR Art. 30(1)(a))."""
    registry = policy.registry
    controller = registry.controller
    name = registry.text(controller.name, language)
    return f"{name}; {controller.email}; {registry.text(controller.address, language)}"


def not_performed_reason(policy: SitePolicy, purpose: Purpose) -> str:
    if not policy.purpose_enabled(purpose):
        return "no: not turned on at this site"
    return "no: the kiosk holds no data for it"


def _row(
    policy: SitePolicy, purpose: Purpose, language: str, channels: SiteChannels
) -> dict[str, str]:
    registry = policy.registry
    basis = registry.bases[purpose.basis]
    fields = policy.fields_held_for(purpose)
    specific = any(registry.categories[c].specific for c in purpose.categories)
    _ = translations(language).gettext
    receivers = {who.said(_) for key in fields for who in recipients(key, channels)}
    performed = "yes" if fields else not_performed_reason(policy, purpose)
    values = (
        purpose.key,
        registry.text(purpose.label, language),
        controller_text(policy, language),
        ", ".join(sorted(purpose.subjects)),
        ", ".join(fields) or "-",
        "yes" if specific else "no",
        basis.gdpr,
        basis.uu_pdp,
        "; ".join(sorted(receivers)) or "-",
        TRANSFERS,
        retention_text(purpose, language, policy.retention(purpose).days),
        SECURITY,
        performed,
    )
    return dict(zip(ROPA_COLUMNS, values, strict=True))


def ropa_rows(
    policy: SitePolicy, language: str = "en", channels: SiteChannels = NO_CHANNELS
) -> list[dict[str, str]]:
    """Every purpose of the policy: those performed here first, then the others; the
    recipients name the channels the site sends messages through."""
    purposes = sorted(policy.registry.purposes.values(), key=lambda p: not policy.performed(p))
    return [_row(policy, purpose, language, channels) for purpose in purposes]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet recognises a formula (OWASP's list): a cell starting so is read as text."""


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it, never runs it: a leading ``'`` before a formula (a
    lone ``-``, the empty cell's mark, is no formula)."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) and len(cell) > 1 else cell


def ropa_csv(policy: SitePolicy, language: str = "en", channels: SiteChannels = NO_CHANNELS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROPA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in ropa_rows(policy, language, channels):
        writer.writerow({column: spreadsheet_safe(cell) for column, cell in row.items()})
    return buffer.getvalue()


def ropa_markdown(
    policy: SitePolicy, language: str = "en", channels: SiteChannels = NO_CHANNELS
) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    rows = ropa_rows(policy, language, channels)
    performed = [row for row in rows if row["performed here"] == "yes"]
    columns = ROPA_COLUMNS[:-1]
    lines = [
        f"# Record of processing activities: policy {policy.registry.version}",
        "",
        f"Controller: {controller_text(policy, language)}",
        "",
        "## Processing performed at this site",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + " --- |" * len(columns),
    ]
    lines += ["| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in performed]
    lines += ["", "## Purposes of the policy not performed at this site", ""]
    lines += [
        f"- {row['purpose']} ({row['name']}): {row['performed here'].removeprefix('no: ')}"
        for row in rows
        if row not in performed
    ]
    return "\n".join(lines) + "\n"


def _performed(policy: SitePolicy) -> list[Purpose]:
    return [purpose for purpose in policy.registry.purposes.values() if policy.performed(purpose)]


def _yaml(value: object, indent: int = 0) -> list[str]:
    """Block-style YAML for dicts, lists and strings; scalars are JSON strings, which YAML
    reads as double-quoted scalars."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines += [f"{pad}{key}:", *_yaml(item, indent + 2)]
            else:
                lines.append(f"{pad}{key}: {json.dumps(item, ensure_ascii=False)}")
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            nested = _yaml(item, indent + 2)
            if isinstance(item, dict):
                lines += [f"{pad}- {nested[0].lstrip()}", *nested[1:]]
            else:
                lines.append(f"{pad}- {json.dumps(item, ensure_ascii=False)}")
        return lines
    return [f"{pad}{json.dumps(value, ensure_ascii=False)}"]


def fideslang_yaml(policy: SitePolicy, system_key: str = "lobby_kiosk") -> str:
    registry = policy.registry
    declarations = []
    for purpose in _performed(policy):
        fields = [registry.fields[key] for key in policy.fields_held_for(purpose)]
        declarations.append(
            {
                "name": registry.text(purpose.label, "en"),
                "data_use": purpose.fideslang,
                "data_categories": sorted({fideslang_category(field) for field in fields}),
                "data_subjects": sorted(FIDESLANG_SUBJECTS[s] for s in purpose.subjects),
                "legal_basis_for_processing": FIDESLANG_BASES[purpose.basis],
                "retention_period": f"{policy.retention(purpose).days} days",
            }
        )
    controller = registry.text(registry.controller.name, "en")
    document = {
        "system": [
            {
                "fides_key": system_key,
                "name": "Lobby kiosk",
                "description": f"Visitor check-in under {controller}'s privacy policy "
                f"of {registry.version}",
                "system_type": "Application",
                "privacy_declarations": declarations,
            }
        ]
    }
    return "\n".join(_yaml(document)) + "\n"


def dpv_jsonld(policy: SitePolicy) -> str:
    registry = policy.registry
    graph = [
        {
            "@id": f"kiosk:purpose/{purpose.key}",
            "@type": "dpv:PersonalDataHandling",
            "dpv:hasPurpose": {"@id": purpose.dpv},
            "rdfs:label": registry.text(purpose.label, "en"),
            "dpv:hasLegalBasis": {"@id": DPV_BASES[purpose.basis]},
            "dpv:hasDataController": {
                "rdfs:label": registry.text(registry.controller.name, "en"),
                "dpv:hasContact": registry.controller.email,
            },
            "dpv:hasDataSubject": sorted(purpose.subjects),
            "dpv:hasPersonalData": policy.fields_held_for(purpose),
            "dpv:hasStorageCondition": {
                "@type": "dpv:StorageDuration",
                "rdf:value": f"P{policy.retention(purpose).days}D",
                "dpv:hasStorageDeletion": str(purpose.retention.then),
            },
        }
        for purpose in _performed(policy)
    ]
    context = {
        "dpv": "https://w3id.org/dpv#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "kiosk": "urn:lobby-kiosk:",
    }
    return json.dumps({"@context": context, "@graph": graph}, indent=2, ensure_ascii=False)
