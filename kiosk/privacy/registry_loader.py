"""Reads a purpose registry file strictly: every mistake is an error naming the line and entry.

A released registry never changes. A site amends one with a short file of its own: its
``[policy]`` table says ``amends = "2018-05-25"`` and gives a version of the site's own that
begins with it (``2018-05-25+menara-1``, the file named after it), and the file holds only what
it adds or overrides (the controller, a field, a retention, a text). Tables merge key by key
into the released file's, any other value replaces the released one, and the merged registry
is held to every rule below; values captured under it record the amended version.

Rules beyond the shape of the file: every text is in each of the registry's languages; a field
needs at least one purpose; a purpose needs a legal basis and a retention rule; a consent
purpose needs an explicit opt-in (and only consent purposes have one); a field may only use
purposes for its own kind of person whose categories include the field's category; a field
asked somewhere has a purpose there; a full ID number, ID image or date of birth is never a
field. ``[records]`` gives what the kiosk keeps to account for its processing (people's own
requests) a basis and a retention of its own.
"""

import re
import tomllib
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email

from kiosk.errors import RegistryError
from kiosk.privacy.field_kinds import KINDS
from kiosk.privacy.registry import (
    EVERY_VISIT,
    VISIT_INTAKES,
    Basis,
    Category,
    Citation,
    Controller,
    FieldBinding,
    Intake,
    LegalBasis,
    Purpose,
    RecordKept,
    Registry,
    Retention,
    RetentionAction,
    RetentionEvent,
    Storage,
    Subject,
    VisitType,
)
from kiosk.resources import asset_path

KIOSK_FIELDS: dict[str, tuple[str, Storage | None]] = {
    "visitor.name": ("name", None),
    "visitor.email": ("email", Storage.LOOKUP),
    "visitor.phone": ("phone", Storage.LOOKUP),
    "visitor.language": ("language", None),
    "visitor.id_type": ("choice", None),
    "visitor.id_last4": ("last4", None),
    "visitor.verification_result": ("choice", None),
    "visitor.photo": ("image", None),
    "visitor.deny_name": ("name", Storage.LOOKUP),
    "visitor.deny_reason": ("note", None),
    "member.name": ("name", Storage.PLAIN),
    "member.email": ("email", Storage.LOOKUP),
    "member.company": ("text", Storage.PLAIN),
    "member.language": ("language", None),
}
"""The fields the kiosk itself works with (finds people by, searches, greets by name), each with
its kind and, where the kiosk looks values up or searches them, its storage. Every registry
must have them; any other field it may add freely."""
INTAKE_SUBJECTS = {
    EVERY_VISIT: Subject.VISITOR,
    "directory": Subject.MEMBER,
    "deny_list": Subject.VISITOR,
}
ASKED_OF = {
    Subject.VISITOR: {Intake.INVITATION, Intake.WALK_IN, Intake.DENY_LIST},
    Subject.MEMBER: {Intake.DIRECTORY},
}
FORBIDDEN_FIELD = re.compile(r"(id_number|id_image|id_scan|date_of_birth|birth|dob|nik)\b")
CITED_ITEMS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")


def registry_dir() -> Path:
    return asset_path("policy")


def load_current_registry(directory: Path | None = None) -> Registry:
    """The policy in force: of the files in ``directory`` (else ``assets/policy``), the release
    no other supersedes, with the newest of the amendments laid over it there (the kiosk's own
    fields, added after the release). Each superseded or amended version must exist."""
    directory = directory or registry_dir()
    heads = {path.stem: _policy_table(path) for path in sorted(directory.glob("*.toml"))}
    for version, policy in heads.items():
        for key in ("supersedes", "amends"):
            if key in policy and policy[key] not in heads:
                raise RegistryError(
                    f"{directory / version}.toml: {key} '{policy[key]}', which is not in the folder"
                )
    replaced = {policy.get("supersedes") for policy in heads.values()}
    replaced |= {policy.get("amends") for policy in heads.values()}
    current = [version for version in heads if version not in replaced]
    if len(current) != 1:
        found = ", ".join(current) or "none"
        raise RegistryError(f"{directory}: expected one policy in force, found {found}")
    return load_registry(directory / f"{current[0]}.toml")


def _policy_table(path: Path) -> dict:
    policy = _read(path)[1].get("policy")
    return policy if isinstance(policy, dict) else {}


def _read(path: Path) -> tuple[str, dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RegistryError(f"{path}: cannot read it ({error})") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RegistryError(f"{path}: not valid TOML: {error}") from None


def load_registry(path: Path) -> Registry:
    """The registry in ``path``: a released one, or an amendment merged into what it amends."""
    document, sources = _document(path)
    return _Loader(sources).load(document)


def _document(path: Path) -> tuple[dict, list[tuple[Path, str]]]:
    """The registry's document (an amendment laid over what it amends, down to the release)
    and the files it comes from, the most specific first."""
    text, document = _read(path)
    policy = document.get("policy")
    if not (isinstance(policy, dict) and "amends" in policy):
        return document, [(path, text)]
    amendment = _Loader([(path, text)])
    policy = amendment.table(("policy",), policy, {"version", "amends"}, {"source"})
    amended, version = str(policy["amends"]), str(policy["version"])
    if not version.startswith(f"{amended}+") or version == f"{amended}+":
        raise amendment.fail(
            ("policy", "version"),
            f"an amendment's version is the one it amends, '+' and the site's own "
            f"(such as '{amended}+site-1'), not '{version}'",
        )
    base = next(
        (
            folder / f"{amended}.toml"
            for folder in (path.parent, registry_dir())
            if (folder / f"{amended}.toml").is_file()
        ),
        None,
    )
    if base is None:
        raise amendment.fail(
            ("policy", "amends"), f"no registry '{amended}' beside it or bundled with the kiosk"
        )
    below, sources = _document(base)
    merged = _merged(below, document)
    merged["policy"] = {**below["policy"], **policy}
    merged["policy"].pop("supersedes", None)
    return merged, [(path, text), *sources]


def _merged(released: dict, amendment: dict) -> dict:
    """``amendment`` laid over ``released``: tables merge key by key, other values replace."""
    merged = dict(released)
    for key, value in amendment.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def _key_path(fragment: str) -> tuple[str, ...]:
    """``a."b.c"`` → ``("a", "b.c")``, by letting the TOML parser read the key."""
    path: list[str] = []
    node: Any = tomllib.loads(f"{fragment} = 0")
    while isinstance(node, dict):
        ((name, node),) = node.items()
        path.append(name)
    return tuple(path)


def _line_index(text: str) -> dict[tuple[str, ...], int]:
    """Line number of every table header and key assignment in our registry files."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        try:
            if stripped.startswith("[") and stripped.endswith("]"):
                table = _key_path(stripped[1:-1])
                lines.setdefault(table, number)
            elif "=" in stripped and not stripped.startswith("#"):
                key = table + _key_path(stripped.split("=", 1)[0].strip())
                lines.setdefault(key, number)
        except tomllib.TOMLDecodeError:
            continue
    return lines


class _Loader:
    def __init__(self, sources: list[tuple[Path, str]]) -> None:
        """``sources``: the file read and, for an amendment, the released file below it."""
        self.path = sources[0][0]
        self.sources = [(path, _line_index(text)) for path, text in sources]
        self.languages: tuple[str, ...] = ()

    def fail(self, where: tuple[str, ...], problem: str) -> RegistryError:
        """The error, at the line of the entry (or the nearest table above it) in the file
        that says it: the amendment before the released file it amends."""
        found = next(
            (
                (path, lines[where[:n]])
                for n in range(len(where), 0, -1)
                for path, lines in self.sources
                if where[:n] in lines
            ),
            (self.path, 1),
        )
        entry = ".".join(where) if where else "(top)"
        return RegistryError(f"{found[0]}:{found[1]}: {entry}: {problem}")

    def table(
        self,
        where: tuple[str, ...],
        value: Any,
        required: set[str],
        optional: set[str] = frozenset(),
    ) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a table")
        for key in value:
            if key not in required | optional:
                raise self.fail((*where, key), f"unknown key '{key}'")
        for key in sorted(required - value.keys()):
            raise self.fail(where, f"missing '{key}'")
        return value

    def text(self, where: tuple[str, ...], value: Any) -> dict[str, str]:
        table = self.table(where, value, set(self.languages))
        for language, words in table.items():
            if not isinstance(words, str) or not words.strip():
                raise self.fail((*where, language), "must be a non-empty text")
        return dict(table)

    def choice(self, where: tuple[str, ...], value: Any, choices) -> Any:
        allowed = [str(choice) for choice in choices]
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(allowed)}")
        return value

    def load(self, document: dict) -> Registry:
        top = self.table(
            (),
            document,
            {
                "policy",
                "paragraphs",
                "subjects",
                "bases",
                "categories",
                "purposes",
                "visit_types",
                "intake",
                "fields",
                "controller",
            },
            {"records"},
        )
        policy = self.table(
            ("policy",),
            top["policy"],
            {"version", "languages", "source"},
            {"supersedes", "amends"},
        )
        version = str(policy["version"])
        if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}", version):
            raise self.fail(
                ("policy", "version"), "a version is up to 64 letters, digits and . + _ -"
            )
        if self.path.stem != version:
            raise self.fail(
                ("policy", "version"), f"'{version}' must match the file name '{self.path.stem}'"
            )
        self.languages = self.language_list(policy["languages"])
        controller = self.controller(top["controller"])
        paragraphs = {
            key: self.table(("paragraphs", key), value, {"heading"})["heading"]
            for key, value in top["paragraphs"].items()
        }
        for key, value in top["subjects"].items():
            self.choice(("subjects", key), key, Subject)
            self.text(
                ("subjects", key, "label"), self.table(("subjects", key), value, {"label"})["label"]
            )
        bases = {
            self.choice(("bases", key), key, Basis): self.basis(key, value)
            for key, value in top["bases"].items()
        }
        for basis in Basis:
            if basis not in bases:
                raise self.fail(("bases",), f"missing the legal basis '{basis}'")
        categories = {key: self.category(key, value) for key, value in top["categories"].items()}
        purposes = {
            key: self.purpose(key, value, categories, paragraphs)
            for key, value in top["purposes"].items()
        }
        fields = {
            key: self.field(key, value, categories, purposes)
            for key, value in top["fields"].items()
        }
        visit_types = {
            key: self.visit_type(key, value, purposes) for key, value in top["visit_types"].items()
        }
        intake = self.intake(top["intake"], purposes)
        records = {key: self.record(key, value) for key, value in top.get("records", {}).items()}
        registry = Registry(
            version=version,
            supersedes=policy.get("supersedes"),
            amends=policy.get("amends"),
            languages=self.languages,
            controller=controller,
            bases=bases,
            categories=categories,
            purposes=purposes,
            fields=fields,
            visit_types=visit_types,
            intake=intake,
            paragraphs=paragraphs,
            records=records,
        )
        for binding in fields.values():
            self.asked_with_a_purpose(registry, binding)
        self.kiosk_fields_present(fields)
        return registry

    def kiosk_fields_present(self, fields: dict[str, FieldBinding]) -> None:
        for key, (kind, storage) in KIOSK_FIELDS.items():
            binding = fields.get(key)
            if binding is None:
                raise self.fail(("fields",), f"the kiosk needs the field '{key}' (kind {kind})")
            if binding.kind != kind:
                raise self.fail(("fields", key, "kind"), f"the kiosk needs it of kind '{kind}'")
            if storage and binding.storage is not storage:
                raise self.fail(
                    ("fields", key, "storage"), f"the kiosk needs it stored as '{storage}'"
                )

    def language_list(self, value: Any) -> tuple[str, ...]:
        where = ("policy", "languages")
        if not isinstance(value, list) or not value:
            raise self.fail(where, "must list the languages of the registry's texts")
        for code in value:
            if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2,3}", code):
                raise self.fail(where, f"{code!r} is not a language code such as 'id'")
        if len(set(value)) != len(value):
            raise self.fail(where, "lists a language twice")
        return tuple(value)

    def controller(self, value: Any) -> Controller:
        where = ("controller",)
        table = self.table(where, value, {"name", "email", "address"})
        try:
            email = validate_email(table["email"], check_deliverability=False).normalized
        except (EmailNotValidError, TypeError):
            raise self.fail((*where, "email"), "must be an email address") from None
        return Controller(
            name=self.text((*where, "name"), table["name"]),
            email=email,
            address=self.text((*where, "address"), table["address"]),
        )

    def intake(self, value: Any, purposes: dict[str, Purpose]) -> dict[str, tuple[str, ...]]:
        table = self.table(("intake",), value, set(INTAKE_SUBJECTS))
        for name, keys in table.items():
            where = ("intake", name)
            if not isinstance(keys, list):
                raise self.fail(where, "must be a list of purposes")
            for key in keys:
                purpose = purposes.get(key)
                if purpose is None or INTAKE_SUBJECTS[name] not in purpose.subjects:
                    raise self.fail(where, f"'{key}' is not a {INTAKE_SUBJECTS[name]} purpose")
        return {name: tuple(keys) for name, keys in table.items()}

    def asked_with_a_purpose(self, registry: Registry, binding: FieldBinding) -> None:
        """A field asked at an intake is held there for one of its purposes (for some kind of
        visit, where the intake is a visit's)."""
        for intake in sorted(binding.asked):
            visit_types = registry.visit_types if intake in VISIT_INTAKES else [None]
            if not any(registry.purpose_for(binding.key, intake, v) for v in visit_types):
                raise self.fail(
                    ("fields", binding.key, "asked"),
                    f"no purpose of the {intake} intake holds it; bind it to one of "
                    + ", ".join(registry.intake_purposes(intake, next(iter(visit_types)))),
                )

    def visit_type(self, key: str, value: Any, purposes: dict[str, Purpose]) -> VisitType:
        where = ("visit_types", key)
        table = self.table(where, value, {"label", "purposes"})
        for purpose_key in table["purposes"]:
            purpose = purposes.get(purpose_key)
            if purpose is None or Subject.VISITOR not in purpose.subjects:
                raise self.fail((*where, "purposes"), f"'{purpose_key}' is not a visitor purpose")
        if not table["purposes"]:
            raise self.fail((*where, "purposes"), "a kind of visit needs at least one purpose")
        return VisitType(
            key, self.text((*where, "label"), table["label"]), tuple(table["purposes"])
        )

    def basis(self, key: str, value: Any) -> LegalBasis:
        table = self.table(("bases", key), value, {"label", "uu_pdp", "gdpr"})
        return LegalBasis(
            Basis(key),
            self.text(("bases", key, "label"), table["label"]),
            table["uu_pdp"],
            table["gdpr"],
        )

    def record(self, key: str, value: Any) -> RecordKept:
        where = ("records", key)
        table = self.table(where, value, {"label", "basis", "days"})
        days = table["days"]
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise self.fail((*where, "days"), "must be a whole number of days, at least 1")
        return RecordKept(
            key,
            self.text((*where, "label"), table["label"]),
            Basis(self.choice((*where, "basis"), table["basis"], Basis)),
            days,
        )

    def category(self, key: str, value: Any) -> Category:
        table = self.table(("categories", key), value, {"label"}, {"specific"})
        return Category(
            key,
            self.text(("categories", key, "label"), table["label"]),
            bool(table.get("specific", False)),
        )

    def purpose(self, key: str, value: Any, categories: dict, paragraphs: dict) -> Purpose:
        where = ("purposes", key)
        required = {"subjects", "categories", "cites", "label", "description", "fideslang", "dpv"}
        table = self.table(where, value, required, {"basis", "retention", "opt_in", "enabled"})
        if "basis" not in table:
            raise self.fail(where, "has no legal basis")
        if "retention" not in table:
            raise self.fail(where, "has no retention rule")
        basis = Basis(self.choice((*where, "basis"), table["basis"], Basis))
        if basis is Basis.CONSENT and table.get("opt_in") != "explicit":
            raise self.fail(
                where, 'is based on consent but has no explicit opt-in (opt_in = "explicit")'
            )
        if basis is not Basis.CONSENT and "opt_in" in table:
            raise self.fail((*where, "opt_in"), "only a consent purpose has an opt-in")
        subjects = frozenset(
            Subject(self.choice((*where, "subjects"), s, Subject)) for s in table["subjects"]
        )
        if not subjects:
            raise self.fail((*where, "subjects"), "names no data subject")
        for category in table["categories"]:
            self.choice((*where, "categories"), category, categories)
        cites = self.table((*where, "cites"), table["cites"], {"paragraph", "bullet"}, {"item"})
        self.choice((*where, "cites", "paragraph"), cites["paragraph"], paragraphs)
        if "item" in cites:
            self.choice((*where, "cites", "item"), cites["item"], CITED_ITEMS)
        retention = self.table((*where, "retention"), table["retention"], {"days", "after", "then"})
        days = retention["days"]
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise self.fail((*where, "retention", "days"), "must be a whole number of days")
        if not re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", table["fideslang"]):
            raise self.fail((*where, "fideslang"), "must be a fideslang data-use key")
        if not re.fullmatch(r"dpv:[A-Za-z]+", table["dpv"]):
            raise self.fail(
                (*where, "dpv"), "must be a W3C DPV purpose term such as dpv:ServiceProvision"
            )
        return Purpose(
            key=key,
            subjects=subjects,
            categories=frozenset(table["categories"]),
            cites=Citation(cites["paragraph"], int(cites["bullet"]), cites.get("item")),
            basis=basis,
            label=self.text((*where, "label"), table["label"]),
            description=self.text((*where, "description"), table["description"]),
            retention=Retention(
                days,
                RetentionEvent(
                    self.choice((*where, "retention", "after"), retention["after"], RetentionEvent)
                ),
                RetentionAction(
                    self.choice((*where, "retention", "then"), retention["then"], RetentionAction)
                ),
            ),
            fideslang=table["fideslang"],
            dpv=table["dpv"],
            enabled=bool(table.get("enabled", True)),
        )

    def field(
        self, key: str, value: Any, categories: dict, purposes: dict[str, Purpose]
    ) -> FieldBinding:
        where = ("fields", key)
        table = self.table(
            where,
            value,
            {"label", "category", "kind", "storage", "purposes", "why"},
            {"choices", "enabled", "asked", "required", "fideslang"},
        )
        subject_name, _, name = key.partition(".")
        self.choice(where, subject_name, Subject)
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise self.fail(where, "must be named subject.field_name")
        if FORBIDDEN_FIELD.search(name):
            raise self.fail(
                where, "the kiosk never stores a full ID number, an ID image or a date of birth"
            )
        category = self.choice((*where, "category"), table["category"], categories)
        kind = self.choice((*where, "kind"), table["kind"], KINDS)
        asked = frozenset(
            Intake(self.choice((*where, "asked"), name, Intake)) for name in table.get("asked", ())
        )
        if (kind == "choice") != ("choices" in table):
            raise self.fail(where, "a choice field, and only one, lists its choices")
        if not table["purposes"]:
            raise self.fail((*where, "purposes"), "a field needs at least one purpose")
        subject = Subject(subject_name)
        for intake in sorted(asked - ASKED_OF[subject]):
            raise self.fail((*where, "asked"), f"a {subject} is not asked at the {intake} intake")
        if "fideslang" in table and not re.fullmatch(r"user(\.[a-z_]+)*", table["fideslang"]):
            raise self.fail((*where, "fideslang"), "must be a fideslang data category (user.…)")
        for purpose_key in table["purposes"]:
            purpose = purposes.get(purpose_key)
            if purpose is None:
                raise self.fail((*where, "purposes"), f"unknown purpose '{purpose_key}'")
            if subject not in purpose.subjects:
                only = ", ".join(sorted(purpose.subjects))
                raise self.fail(
                    (*where, "purposes"),
                    f"purpose '{purpose_key}' is for {only} only, not {subject}",
                )
            if category not in purpose.categories:
                raise self.fail(
                    (*where, "purposes"),
                    f"purpose '{purpose_key}' does not cover {category} information",
                )
        return FieldBinding(
            key=key,
            category=category,
            kind=kind,
            storage=Storage(self.choice((*where, "storage"), table["storage"], Storage)),
            purposes=tuple(table["purposes"]),
            label=self.text((*where, "label"), table["label"]),
            why=self.text((*where, "why"), table["why"]),
            enabled=bool(table.get("enabled", True)),
            choices=tuple(table.get("choices", ())),
            asked=asked,
            required=bool(table.get("required", False)),
            fideslang=table.get("fideslang"),
        )
