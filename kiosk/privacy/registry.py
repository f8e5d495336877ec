"""The purpose registry: what the operator's policy allows, as data the code enforces.

Built by :mod:`kiosk.privacy.registry_loader` from a file in ``assets/policy/``.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Subject(StrEnum):
    VISITOR = "visitor"
    MEMBER = "member"


class Basis(StrEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class RetentionEvent(StrEnum):
    """What a retention period counts from."""

    CAPTURE = "capture"
    VISIT_END = "visit_end"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    MEMBERSHIP_END = "membership_end"
    DENY_END = "deny_end"


class RetentionAction(StrEnum):
    ERASE = "erase"
    ANONYMISE = "anonymise"
    DELETE = "delete"


class Storage(StrEnum):
    PLAIN = "plain"
    ENCRYPTED = "encrypted"
    LOOKUP = "lookup"
    """Encrypted, with a keyed hash beside it so the value can be found again."""


Text = dict[str, str]
"""A text by language code (``id``, ``en``)."""


@dataclass(frozen=True)
class LegalBasis:
    key: Basis
    label: Text
    uu_pdp: str
    gdpr: str


@dataclass(frozen=True)
class Category:
    key: str
    label: Text
    specific: bool
    """Specific personal data (UU PDP Pasal 4(2)), held to the stricter rules."""


@dataclass(frozen=True)
class Citation:
    paragraph: str
    bullet: int
    item: str | None = None

    def __str__(self) -> str:
        return f"{self.paragraph} {self.bullet}" + (f"({self.item})" if self.item else "")


@dataclass(frozen=True)
class Retention:
    days: int
    after: RetentionEvent
    then: RetentionAction


@dataclass(frozen=True)
class Purpose:
    key: str
    subjects: frozenset[Subject]
    categories: frozenset[str]
    cites: Citation
    basis: Basis
    label: Text
    description: Text
    retention: Retention
    fideslang: str
    dpv: str
    enabled: bool
    """Whether a site has it unless its settings say otherwise."""


@dataclass(frozen=True)
class FieldBinding:
    key: str
    """``subject.name``, e.g. ``visitor.email``."""
    category: str
    kind: str
    storage: Storage
    purposes: tuple[str, ...]
    why: Text
    enabled: bool
    choices: tuple[str, ...] = ()

    @property
    def subject(self) -> Subject:
        return Subject(self.key.split(".", 1)[0])


@dataclass(frozen=True)
class VisitType:
    key: str
    label: Text
    purposes: tuple[str, ...]


@dataclass(frozen=True)
class Registry:
    version: str
    supersedes: str | None
    controller: str
    bases: dict[Basis, LegalBasis]
    categories: dict[str, Category]
    purposes: dict[str, Purpose]
    fields: dict[str, FieldBinding]
    visit_types: dict[str, VisitType] = field(default_factory=dict)
    paragraphs: dict[str, str] = field(default_factory=dict)

    def visit_type_names(self, language: str) -> dict[str, str]:
        """Each kind of visit by its name in ``language``, for a list to choose from."""
        return {kind.label[language]: key for key, kind in self.visit_types.items()}

    def purpose_for_visit(self, field_key: str, visit_type: str) -> str | None:
        """The purpose a visit of this type holds ``field_key`` for, if any allows it."""
        binding = self.fields[field_key]
        candidates = self.visit_types[visit_type].purposes
        return next((key for key in candidates if key in binding.purposes), None)

    def allows(self, field_key: str, purpose_key: str, subject: Subject) -> bool:
        """Whether the registry binds this field to this purpose for this kind of person."""
        binding = self.fields.get(field_key)
        purpose = self.purposes.get(purpose_key)
        return (
            binding is not None
            and purpose is not None
            and binding.subject == subject
            and subject in purpose.subjects
            and purpose_key in binding.purposes
        )
