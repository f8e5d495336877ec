"""Privacy use cases for staff and officers: the registry in words, a registry file checked,
and the audit log verified."""

from dataclasses import dataclass
from pathlib import Path

from kiosk.privacy.records import dpv_jsonld, fideslang_yaml, ropa_csv, ropa_markdown
from kiosk.privacy.registry import PRIVACY_REQUESTS
from kiosk.privacy.registry_loader import load_current_registry, load_registry, registry_dir
from kiosk.privacy.site_policy import site_policy
from kiosk.privacy.wording import FieldLine, PurposeLine, field_lines, purpose_lines
from kiosk.services.kiosk import Kiosk
from kiosk.services.records.audit_queue import fold_audit_queue
from kiosk.services.records.channels import site_channels
from kiosk.settings import Settings


@dataclass(frozen=True)
class PolicyDescription:
    version: str
    amends: str | None
    """The released registry the site's own amends, if it does."""
    controller: str
    """Who decides what happens to the data, in the reader's language."""
    contact: str
    purposes: list[PurposeLine]


def describe_policy(settings: Settings, language: str) -> PolicyDescription:
    """The policy in force at this site: its version, its controller and its purposes, in
    ``language``."""
    policy = site_policy(settings)
    registry = policy.registry
    return PolicyDescription(
        registry.version,
        registry.amends,
        registry.text(registry.controller.name, language),
        registry.controller.email,
        purpose_lines(policy, language),
    )


def describe_fields(settings: Settings, language: str) -> tuple[str, list[FieldLine]]:
    """Every field of the policy in force here, with what it is held for, in ``language``."""
    policy = site_policy(settings)
    return policy.registry.version, field_lines(policy, language)


def record_of_processing(settings: Settings, style: str, language: str) -> str:
    """The record of processing activities, as ``csv`` or ``md`` (Markdown)."""
    policy = site_policy(settings)
    channels = site_channels(settings, policy.registry)
    return (ropa_csv if style == "csv" else ropa_markdown)(policy, language, channels)


def registry_export(settings: Settings, style: str) -> str:
    """The registry for other tools: ``fideslang`` YAML or ``dpv`` JSON-LD."""
    policy = site_policy(settings)
    return fideslang_yaml(policy) if style == "fideslang" else dpv_jsonld(policy)


@dataclass(frozen=True)
class RegistrySummary:
    version: str
    purposes: int
    fields: int
    warnings: list[str]
    """What is valid but probably not meant."""


def check_registry_file(path: Path) -> RegistrySummary:
    """Raises a RegistryError naming the line of the first mistake."""
    registry = load_registry(path)
    warnings = []
    bundled = load_current_registry()
    if path.resolve().parent != registry_dir().resolve() and (
        registry.controller == bundled.controller
    ):
        warnings.append(
            f"[controller] is still the one the kiosk ships "
            f"({registry.text(bundled.controller.name, 'en')}): name this site's own, whom its "
            "notices, badges, emails and /privacy then name"
        )
    if registry.requests_record is None:
        warnings.append(
            f"no [records.{PRIVACY_REQUESTS}]: the requests people make on /privacy are kept "
            "with no end; amend the kiosk's latest registry, which sets one"
        )
    return RegistrySummary(registry.version, len(registry.purposes), len(registry.fields), warnings)


@dataclass(frozen=True)
class AuditReport:
    entries: int
    problems: list[str]


def verify_audit(kiosk: Kiosk) -> AuditReport:
    """The chain checked, with the entries still queued for it chained first."""
    fold_audit_queue(kiosk)
    with kiosk.unit_of_work() as uow:
        entries, problems = kiosk.audit.verify(uow, kiosk.site.id)
    return AuditReport(entries, problems)


def accept_restored_log(kiosk: Kiosk, actor: str) -> AuditReport:
    """After restoring the database from a backup on purpose: the log is taken as it is now,
    with an entry saying so; what verification then finds."""
    with kiosk.unit_of_work() as uow:
        kiosk.audit.accept_restore(uow, kiosk.site.id, actor)
        uow.commit()
    return verify_audit(kiosk)
