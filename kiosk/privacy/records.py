"""The record of processing activities and machine-readable exports of the registry.

RoPA columns follow GDPR Art. 30(1), plus the UU PDP legal basis, whether the data is of a
specific kind (UU PDP Pasal 4(2)) and the retention in force at the site. The fideslang export
is a System whose privacy declarations are the purposes; the DPV export is JSON-LD.
"""

import csv
import io
import json

from kiosk.privacy.recipients import recipients
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
FIDESLANG_CATEGORIES = {
    "name": "user.name",
    "email": "user.contact.email",
    "phone": "user.contact.phone_number",
    "text": "user.workplace",
    "choice": "user.government_id",
    "last4": "user.government_id",
    "image": "user.biometric",
    "plate": "user.unique_id",
    "note": "user.content",
    "language": "user.behavior",
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
    "enabled here",
)


def _fields(policy: SitePolicy, purpose: Purpose) -> list[str]:
    return [
        key for key, binding in policy.registry.fields.items() if purpose.key in binding.purposes
    ]


def ropa_rows(policy: SitePolicy, language: str = "en") -> list[dict[str, str]]:
    registry = policy.registry
    rows = []
    for purpose in registry.purposes.values():
        basis = registry.bases[purpose.basis]
        fields = _fields(policy, purpose)
        specific = any(registry.categories[c].specific for c in purpose.categories)
        receivers = {r[language] for key in fields for r in recipients(key)}
        rows.append(
            dict(
                zip(
                    ROPA_COLUMNS,
                    (
                        purpose.key,
                        purpose.label[language],
                        registry.controller,
                        ", ".join(sorted(purpose.subjects)),
                        ", ".join(fields) or "-",
                        "yes" if specific else "no",
                        basis.gdpr,
                        basis.uu_pdp,
                        "; ".join(sorted(receivers)) or "-",
                        TRANSFERS,
                        retention_text(purpose, language, policy.retention(purpose).days),
                        SECURITY,
                        "yes" if policy.purpose_enabled(purpose) else "no",
                    ),
                    strict=True,
                )
            )
        )
    return rows


def ropa_csv(policy: SitePolicy) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROPA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(ropa_rows(policy))
    return buffer.getvalue()


def ropa_markdown(policy: SitePolicy) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        f"# Record of processing activities: policy {policy.registry.version}",
        "",
        "| " + " | ".join(ROPA_COLUMNS) + " |",
        "|" + " --- |" * len(ROPA_COLUMNS),
    ]
    lines += ["| " + " | ".join(cell(v) for v in row.values()) + " |" for row in ropa_rows(policy)]
    return "\n".join(lines) + "\n"


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
    for purpose in registry.purposes.values():
        kinds = {registry.fields[key].kind for key in _fields(policy, purpose)}
        declarations.append(
            {
                "name": purpose.label["en"],
                "data_use": purpose.fideslang,
                "data_categories": sorted({FIDESLANG_CATEGORIES[k] for k in kinds}) or ["user"],
                "data_subjects": sorted(FIDESLANG_SUBJECTS[s] for s in purpose.subjects),
                "legal_basis_for_processing": FIDESLANG_BASES[purpose.basis],
                "retention_period": f"{policy.retention(purpose).days} days",
            }
        )
    document = {
        "system": [
            {
                "fides_key": system_key,
                "name": "Lobby kiosk",
                "description": f"Visitor check-in under {registry.controller}'s privacy policy "
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
            "rdfs:label": purpose.label["en"],
            "dpv:hasLegalBasis": {"@id": DPV_BASES[purpose.basis]},
            "dpv:hasDataController": registry.controller,
            "dpv:hasDataSubject": sorted(purpose.subjects),
            "dpv:hasPersonalData": _fields(policy, purpose),
            "dpv:hasStorageCondition": {
                "@type": "dpv:StorageDuration",
                "rdf:value": f"P{policy.retention(purpose).days}D",
                "dpv:hasStorageDeletion": str(purpose.retention.then),
            },
        }
        for purpose in registry.purposes.values()
    ]
    context = {
        "dpv": "https://w3id.org/dpv#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "kiosk": "urn:lobby-kiosk:",
    }
    return json.dumps({"@context": context, "@graph": graph}, indent=2, ensure_ascii=False)
