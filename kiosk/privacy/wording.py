"""The registry in words a guest or an officer reads, in Bahasa Indonesia or English."""

from dataclasses import dataclass

from babel.lists import format_list

from kiosk.i18n import translations
from kiosk.languages import LANGUAGES, babel_locale
from kiosk.privacy.registry import Purpose, Registry, RetentionAction, RetentionEvent
from kiosk.privacy.site_policy import SitePolicy


def retention_text(purpose: Purpose, language: str, days: int) -> str:
    """E.g. "30 days after the visit ends, then erased"."""
    _ = translations(language).gettext
    after = {
        RetentionEvent.CAPTURE: _("after it is collected"),
        RetentionEvent.VISIT_END: _("after the visit ends"),
        RetentionEvent.CONSENT_WITHDRAWN: _("after consent is withdrawn"),
        RetentionEvent.MEMBERSHIP_END: _("after the membership ends"),
        RetentionEvent.DENY_END: _("after the ban ends"),
    }
    then = {
        RetentionAction.ERASE: _("then erased"),
        RetentionAction.ANONYMISE: _("then anonymised"),
        RetentionAction.DELETE: _("then deleted"),
    }
    kept = kept_for(purpose, language, days)
    if days:
        kept = f"{kept} {after[purpose.retention.after]}"
    return f"{kept}, {then[purpose.retention.then]}"


def kept_for(purpose: Purpose, language: str, days: int) -> str:
    """How long, as short as a badge's fine print: "30 days", or "until the visit ends" for
    what is not kept after it."""
    catalog = translations(language)
    if days:
        return catalog.ngettext("{days} day", "{days} days", days).format(days=days)
    _ = catalog.gettext
    until = {
        RetentionEvent.CAPTURE: _("not kept"),
        RetentionEvent.VISIT_END: _("until the visit ends"),
        RetentionEvent.CONSENT_WITHDRAWN: _("until consent is withdrawn"),
        RetentionEvent.MEMBERSHIP_END: _("until the membership ends"),
        RetentionEvent.DENY_END: _("until the ban ends"),
    }
    return until[purpose.retention.after]


def basis_text(registry: Registry, purpose: Purpose, language: str) -> str:
    """E.g. "Legitimate interests (UU PDP Pasal 20 ayat (2) huruf f; GDPR Art. 6(1)(f))"."""
    basis = registry.bases[purpose.basis]
    return f"{registry.text(basis.label, language)} ({basis.uu_pdp}; {basis.gdpr})"


@dataclass(frozen=True)
class PurposeLine:
    key: str
    label: str
    subjects: str
    categories: list[str]
    """The kinds of personal data the purpose covers (``Informasi kontak``, ...)."""
    basis: str
    retention: str
    cites: str
    enabled: bool
    performed: bool
    """Whether this site holds data for it (see :meth:`SitePolicy.performed`)."""


def purpose_lines(policy: SitePolicy, language: str) -> list[PurposeLine]:
    """Every purpose with its data categories, legal basis (UU PDP and GDPR) and retention at
    this site."""
    registry = policy.registry
    return [
        PurposeLine(
            key=purpose.key,
            label=registry.text(purpose.label, language),
            subjects=", ".join(sorted(purpose.subjects)),
            categories=[
                registry.text(registry.categories[key].label, language)
                for key in registry.categories
                if key in purpose.categories
            ],
            basis=basis_text(registry, purpose, language),
            retention=retention_text(purpose, language, policy.retention(purpose).days),
            cites=str(purpose.cites),
            enabled=policy.purpose_enabled(purpose),
            performed=policy.performed(purpose),
        )
        for purpose in registry.purposes.values()
    ]


@dataclass(frozen=True)
class FieldPurpose:
    key: str
    label: str
    basis: str
    retention: str


@dataclass(frozen=True)
class FieldLine:
    """A field as an officer reads it: what it is, its category, and each purpose it is held
    for here, with basis and retention, and the reason given to the person."""

    key: str
    label: str
    category: str
    kind: str
    stored: str
    enabled: bool
    purposes: list[FieldPurpose]
    why: str


def field_lines(policy: SitePolicy, language: str) -> list[FieldLine]:
    """Every field of the registry; ``purposes`` are those this site holds it for."""
    registry = policy.registry
    lines = []
    for binding in registry.fields.values():
        held = [registry.purposes[key] for key in policy.held_for(binding)]
        lines.append(
            FieldLine(
                key=binding.key,
                label=registry.text(binding.label, language),
                category=registry.text(registry.categories[binding.category].label, language),
                kind=binding.kind,
                stored=str(binding.storage),
                enabled=policy.field_enabled(binding),
                purposes=[
                    FieldPurpose(
                        key=purpose.key,
                        label=registry.text(purpose.label, language),
                        basis=basis_text(registry, purpose, language),
                        retention=retention_text(purpose, language, policy.retention(purpose).days),
                    )
                    for purpose in held
                ],
                why=registry.text(binding.why, language),
            )
        )
    return lines


@dataclass(frozen=True)
class WhyWeAsk:
    """What the kiosk shows beside an input when a person asks why."""

    why: str
    purpose: str
    basis: str
    retention: str
    shown_in: str | None
    """The language the texts are in, where the registry has none in the one asked for."""


def shown_in(registry: Registry, language: str) -> str | None:
    """Where the registry has no texts in ``language``: the name of the language they are
    shown in instead (its first)."""
    if registry.speaks(language):
        return None
    first = registry.languages[0]
    return LANGUAGES[first].name if first in LANGUAGES else first


def why_we_ask(policy: SitePolicy, field_key: str, purpose_key: str, language: str) -> WhyWeAsk:
    registry = policy.registry
    purpose = registry.purposes[purpose_key]
    return WhyWeAsk(
        why=registry.text(registry.fields[field_key].why, language),
        purpose=registry.text(purpose.label, language),
        basis=basis_text(registry, purpose, language),
        retention=retention_text(purpose, language, policy.retention(purpose).days),
        shown_in=shown_in(registry, language),
    )


@dataclass(frozen=True)
class NoticeItem:
    purpose: str
    description: str
    basis: str
    retention: str


def notice_item(policy: SitePolicy, purpose_key: str, language: str) -> NoticeItem:
    """One purpose in plain words, as this site keeps data for it."""
    registry = policy.registry
    purpose = registry.purposes[purpose_key]
    return NoticeItem(
        purpose=registry.text(purpose.label, language),
        description=registry.text(purpose.description, language),
        basis=basis_text(registry, purpose, language),
        retention=retention_text(purpose, language, policy.retention(purpose).days),
    )


@dataclass(frozen=True)
class NoticeSummary:
    """The privacy moment in three plain lines: what is kept, why, and for how long."""

    kept: str
    """The fields, as a list in the reader's language: "Name, Email and Phone"."""
    why: str
    """The purposes' names, one after the other: "Recognise you … · Fit the service …"."""
    how_long: str
    """The longest time any of it is kept: "30 days after the visit ends, then erased"."""


def notice_summary(
    policy: SitePolicy, purposes: list[str], fields: list[str], language: str
) -> NoticeSummary:
    """What a guest reads first, of the ``fields`` held for ``purposes`` (those on here)."""
    registry = policy.registry
    shown = [registry.purposes[key] for key in dict.fromkeys(purposes)]
    shown = [purpose for purpose in shown if policy.purpose_enabled(purpose)]
    longest = max(shown, key=lambda purpose: policy.retention(purpose))
    locale = babel_locale(language)
    return NoticeSummary(
        kept=format_list(
            [registry.text(registry.fields[k].label, language) for k in fields], locale=locale
        ),
        why=" · ".join(registry.text(purpose.label, language) for purpose in shown),
        how_long=retention_text(longest, language, policy.retention(longest).days),
    )


def notice_items(policy: SitePolicy, purposes: list[str], language: str) -> list[NoticeItem]:
    """The privacy notice's lines for these purposes (those on at this site), in plain words."""
    return [
        notice_item(policy, key, language)
        for key in dict.fromkeys(purposes)
        if policy.purpose_enabled(policy.registry.purposes[key])
    ]
