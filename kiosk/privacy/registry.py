"""The purpose registry: what the operator's policy allows, as data the code enforces.

Built by :mod:`kiosk.privacy.registry_loader` from a file in ``assets/policy/``.
"""

from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_VISIT_TYPE = "meeting"
"""The kind of visit a request is of when it names none."""


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


class Intake(StrEnum):
    """Where people are asked for their details: each field says at which it is asked."""

    INVITATION = "invitation"
    """A host or staff invite a guest (the kiosk's staff form, the command line, a CSV file)."""
    WALK_IN = "walk_in"
    """A guest without an invitation, at the kiosk."""
    DIRECTORY = "directory"
    """A member added to the host directory."""
    DENY_LIST = "deny_list"
    """Staff put a person on the deny list."""


VISIT_INTAKES = frozenset({Intake.INVITATION, Intake.WALK_IN})
EVERY_VISIT = "visit"
"""The registry's ``[intake]`` list of purposes every kind of visit holds details for."""


Text = dict[str, str]
"""A text by language code (``id``, ``en``): one for each language the registry declares."""


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
    """A key of :data:`kiosk.privacy.field_kinds.KINDS`."""
    storage: Storage
    purposes: tuple[str, ...]
    label: Text
    why: Text
    enabled: bool
    choices: tuple[str, ...] = ()
    asked: frozenset[Intake] = frozenset()
    """Where people are asked for it; empty for what the kiosk records itself."""
    required: bool = False
    """Wherever it is asked, it must be given."""
    fideslang: str | None = None
    """Its fideslang data category, where the kind's is too broad."""

    @property
    def subject(self) -> Subject:
        return Subject(self.key.split(".", 1)[0])

    @property
    def name(self) -> str:
        """The key without its subject (``email``): a CSV column, a ``--field`` key."""
        return self.key.split(".", 1)[1]


@dataclass(frozen=True)
class VisitType:
    key: str
    label: Text
    purposes: tuple[str, ...]


@dataclass(frozen=True)
class RecordKept:
    """What the kiosk keeps to account for its own processing (a guest's requests), with a
    retention of its own counted from when the record was closed."""

    key: str
    label: Text
    basis: Basis
    days: int


PRIVACY_REQUESTS = "privacy-requests"
"""The record of the requests people made themselves, and their answers."""


@dataclass(frozen=True)
class Controller:
    """Who decides what happens to the data, and where a person asks about it."""

    name: Text
    email: str
    address: Text


@dataclass(frozen=True)
class Registry:
    version: str
    supersedes: str | None
    languages: tuple[str, ...]
    """The languages of its texts; the first stands in for any other."""
    controller: Controller
    bases: dict[Basis, LegalBasis]
    categories: dict[str, Category]
    purposes: dict[str, Purpose]
    fields: dict[str, FieldBinding]
    visit_types: dict[str, VisitType] = field(default_factory=dict)
    intake: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Purposes by intake (``visit`` for every kind of visit, ``directory``, ``deny_list``)."""
    paragraphs: dict[str, str] = field(default_factory=dict)
    records: dict[str, RecordKept] = field(default_factory=dict)
    amends: str | None = None
    """The released registry a site's amendment is laid over (its version begins with it)."""

    @property
    def requests_record(self) -> RecordKept | None:
        """How long people's own requests are kept after their answer; None in a registry
        older than the kiosk's amendment that sets it (they are kept)."""
        return self.records.get(PRIVACY_REQUESTS)

    def speaks(self, language: str) -> bool:
        return language in self.languages

    def text(self, text: Text, language: str) -> str:
        """``text`` in ``language``, or in the registry's first language where it has none."""
        return text.get(language) or text[self.languages[0]]

    @property
    def usual_visit_type(self) -> str:
        """The kind of visit a form starts on: a meeting where the registry has one."""
        if DEFAULT_VISIT_TYPE in self.visit_types:
            return DEFAULT_VISIT_TYPE
        return next(iter(self.visit_types))

    def visit_type_names(self, language: str) -> dict[str, str]:
        """Each kind of visit by its name in ``language``, for a list to choose from."""
        return {self.text(kind.label, language): key for key, kind in self.visit_types.items()}

    def intake_purposes(self, intake: Intake, visit_type: str | None = None) -> tuple[str, ...]:
        """The purposes details taken in at ``intake`` may be held for, in the order they are
        tried: for a visit, those of every visit (the service a detail asks for: verification,
        parking, a note for reception) before the kind of visit's own."""
        if intake in VISIT_INTAKES:
            own = self.visit_types[visit_type].purposes if visit_type else ()
            return self.intake.get(EVERY_VISIT, ()) + own
        return self.intake.get(intake, ())

    def purpose_for(
        self, field_key: str, intake: Intake, visit_type: str | None = None
    ) -> str | None:
        """The purpose a value of ``field_key`` taken in at ``intake`` is held for: the first
        of the intake's purposes the field is bound to; None where the policy gives none (a
        meeting guest's company, say)."""
        binding = self.fields[field_key]
        candidates = self.intake_purposes(intake, visit_type)
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
