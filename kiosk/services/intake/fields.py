"""Details taken in from people, field by field, as the registry says: which fields an intake
asks for (for a kind of visit), the purpose each value is held for, the check that refuses a
value before anything is written, and the capture through the gateway.

Every intake path (the kiosk's forms, the command line, CSV files, the host directory, the deny
list) hands over ``{field key: value}``; a new field in the registry reaches all of them.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.errors import CaptureRefused, InvitationError
from kiosk.languages import LANGUAGES
from kiosk.privacy.field_kinds import Entry, given, kind_of, normalise
from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.privacy.registry import VISIT_INTAKES, FieldBinding, Intake, Registry, Subject
from kiosk.services.kiosk import Kiosk
from kiosk.store.privacy_repositories import SubjectRecord
from kiosk.store.unit_of_work import UnitOfWork

INTAKE_SUBJECT = {
    Intake.INVITATION: Subject.VISITOR,
    Intake.WALK_IN: Subject.VISITOR,
    Intake.DENY_LIST: Subject.VISITOR,
    Intake.DIRECTORY: Subject.MEMBER,
}

Checked = dict[str, tuple[object, str]]
"""Values that passed :func:`check_values`, by field: (the value as given, its purpose)."""


@dataclass(frozen=True)
class Prompt:
    """A field a form asks for, in the language of the person filling it in."""

    key: str
    name: str
    """The key without its subject: the form input's id, the CSV column, the ``--field`` key."""
    label: str
    entry: Entry
    choices: tuple[tuple[str, str], ...]
    """(value, what the person reads) for a choice or a language."""
    required: bool
    purpose: str


def _check_visit_type(registry: Registry, intake: Intake, visit_type: str | None) -> None:
    if intake in VISIT_INTAKES and visit_type not in registry.visit_types:
        kinds = ", ".join(registry.visit_types)
        raise InvitationError("visit_type", f"unknown kind of visit '{visit_type}' ({kinds})")


def asked_fields(
    kiosk: Kiosk, intake: Intake, visit_type: str | None = None
) -> list[tuple[FieldBinding, str]]:
    """The fields ``intake`` asks for here, each with the purpose it is held for: on at this
    site, and with a purpose that is on too, in the registry's order."""
    registry, policy = kiosk.gateway.registry, kiosk.gateway.policy
    _check_visit_type(registry, intake, visit_type)
    asked = []
    for binding in registry.fields.values():
        if intake not in binding.asked or not policy.field_enabled(binding):
            continue
        purpose = registry.purpose_for(binding.key, intake, visit_type)
        if purpose and policy.purpose_enabled(registry.purposes[purpose]):
            asked.append((binding, purpose))
    return asked


def _choices(binding: FieldBinding) -> tuple[tuple[str, str], ...]:
    entry = kind_of(binding).entry
    if entry is Entry.LANGUAGE:
        return tuple((code, language.name) for code, language in LANGUAGES.items())
    return tuple((choice, choice) for choice in binding.choices)


def prompts(kiosk: Kiosk, intake: Intake, visit_type: str | None, language: str) -> list[Prompt]:
    """What a form for ``intake`` shows, field by field."""
    registry = kiosk.gateway.registry
    return [
        Prompt(
            key=binding.key,
            name=binding.name,
            label=registry.text(binding.label, language),
            entry=kind_of(binding).entry,
            choices=_choices(binding),
            required=binding.required,
            purpose=purpose,
        )
        for binding, purpose in asked_fields(kiosk, intake, visit_type)
    ]


def asked_names(registry: Registry, intake: Intake) -> dict[str, bool]:
    """The fields ever asked at ``intake`` by name (CSV columns, ``--field`` keys), each with
    whether it must be given."""
    return {b.name: b.required for b in registry.fields.values() if intake in b.asked}


def field_keys(subject: Subject, names: Mapping[str, object]) -> dict[str, object]:
    """``{"email": ...}`` (CSV columns, ``--field`` keys) as ``{"visitor.email": ...}``."""
    return {f"{subject}.{name}": value for name, value in names.items()}


def check_values(
    kiosk: Kiosk, values: Mapping[str, object], intake: Intake, visit_type: str | None = None
) -> Checked:
    """The values given (blank ones left out), each with its purpose, once every one would be
    stored; else a :class:`~kiosk.errors.RefusedInput` naming the field, and nothing is."""
    registry = kiosk.gateway.registry
    subject = INTAKE_SUBJECT[intake]
    _check_visit_type(registry, intake, visit_type)
    checked: Checked = {}
    for key, value in values.items():
        binding = registry.fields.get(key)
        if binding is None or binding.subject != subject:
            raise CaptureRefused("unknown_field", f"{key!r} is not a field of the policy", key)
        if not given(binding, value):
            continue
        if intake not in binding.asked:
            raise CaptureRefused("not_asked", f"{key} is not asked here", key)
        purpose = registry.purpose_for(key, intake, visit_type)
        if purpose is None:
            raise InvitationError(
                "not_for_visit", f"{key} is not asked for a {visit_type} visit", key
            )
        kiosk.gateway.check(key, purpose, subject)
        normalise(binding, value)
        checked[key] = (value, purpose)
    for binding, _ in asked_fields(kiosk, intake, visit_type):
        if binding.required and binding.key not in checked:
            raise CaptureRefused("missing", f"{binding.key} is required", binding.key)
    return checked


def capture_values(
    uow: UnitOfWork,
    kiosk: Kiosk,
    subject: SubjectRecord,
    checked: Checked,
    source: Source,
    actor: str,
    notice: Notice,
) -> None:
    """Stores values that :func:`check_values` passed, in the caller's unit of work."""
    for key, (value, purpose) in checked.items():
        kiosk.gateway.capture(uow, Capture(subject, key, value, purpose, source, actor, notice))
