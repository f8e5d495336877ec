"""The registry in words a guest or an officer reads, in Bahasa Indonesia or English."""

from dataclasses import dataclass

from kiosk.i18n import translations
from kiosk.privacy.registry import Purpose, RetentionAction, RetentionEvent
from kiosk.privacy.site_policy import SitePolicy


def retention_text(purpose: Purpose, language: str, days: int) -> str:
    """E.g. "30 days after the visit ends, then erased"."""
    catalog = translations(language)
    _ = catalog.gettext
    after = {
        RetentionEvent.CAPTURE: _("after it is collected"),
        RetentionEvent.VISIT_END: _("after the visit ends"),
        RetentionEvent.CONSENT_WITHDRAWN: _("after consent is withdrawn"),
        RetentionEvent.MEMBERSHIP_END: _("after the membership ends"),
        RetentionEvent.DENY_END: _("after the ban ends"),
    }
    until = {
        RetentionEvent.CAPTURE: _("not kept"),
        RetentionEvent.VISIT_END: _("until the visit ends"),
        RetentionEvent.CONSENT_WITHDRAWN: _("until consent is withdrawn"),
        RetentionEvent.MEMBERSHIP_END: _("until the membership ends"),
        RetentionEvent.DENY_END: _("until the ban ends"),
    }
    then = {
        RetentionAction.ERASE: _("then erased"),
        RetentionAction.ANONYMISE: _("then anonymised"),
        RetentionAction.DELETE: _("then deleted"),
    }
    event = purpose.retention.after
    if not days:
        return f"{until[event]}, {then[purpose.retention.then]}"
    span = catalog.ngettext("{days} day", "{days} days", days).format(days=days)
    return f"{span} {after[event]}, {then[purpose.retention.then]}"


@dataclass(frozen=True)
class PurposeLine:
    key: str
    label: str
    subjects: str
    basis: str
    retention: str
    cites: str
    enabled: bool


def purpose_lines(policy: SitePolicy, language: str) -> list[PurposeLine]:
    """Every purpose with its legal basis (UU PDP and GDPR) and retention at this site."""
    lines = []
    for purpose in policy.registry.purposes.values():
        basis = policy.registry.bases[purpose.basis]
        lines.append(
            PurposeLine(
                key=purpose.key,
                label=purpose.label[language],
                subjects=", ".join(sorted(purpose.subjects)),
                basis=f"{basis.label[language]} ({basis.uu_pdp}; {basis.gdpr})",
                retention=retention_text(purpose, language, policy.retention(purpose).days),
                cites=str(purpose.cites),
                enabled=policy.purpose_enabled(purpose),
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


def why_we_ask(policy: SitePolicy, field_key: str, purpose_key: str, language: str) -> WhyWeAsk:
    registry = policy.registry
    purpose = registry.purposes[purpose_key]
    basis = registry.bases[purpose.basis]
    return WhyWeAsk(
        why=registry.fields[field_key].why[language],
        purpose=purpose.label[language],
        basis=f"{basis.label[language]} ({basis.uu_pdp}; {basis.gdpr})",
        retention=retention_text(purpose, language, policy.retention(purpose).days),
    )


@dataclass(frozen=True)
class NoticeItem:
    purpose: str
    description: str
    basis: str
    retention: str


def notice_items(policy: SitePolicy, purposes: list[str], language: str) -> list[NoticeItem]:
    """The privacy notice's lines for these purposes, in plain words, as this site has them."""
    items = []
    for key in purposes:
        purpose = policy.registry.purposes[key]
        if not policy.purpose_enabled(purpose):
            continue
        basis = policy.registry.bases[purpose.basis]
        items.append(
            NoticeItem(
                purpose=purpose.label[language],
                description=purpose.description[language],
                basis=basis.label[language],
                retention=retention_text(purpose, language, policy.retention(purpose).days),
            )
        )
    return items
