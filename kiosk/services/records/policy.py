"""Privacy use cases for staff and officers: the registry in words, a registry file checked,
and the audit log verified."""

from dataclasses import dataclass
from pathlib import Path

from kiosk.privacy.registry_loader import load_registry
from kiosk.privacy.wording import PurposeLine, purpose_lines
from kiosk.services.bootstrap import Kiosk, site_policy
from kiosk.settings import Settings


def describe_policy(settings: Settings, language: str) -> tuple[str, list[PurposeLine]]:
    """The policy version in force at this site and its purposes, in ``language``."""
    policy = site_policy(settings)
    return policy.registry.version, purpose_lines(policy, language)


@dataclass(frozen=True)
class RegistrySummary:
    version: str
    purposes: int
    fields: int


def check_registry_file(path: Path) -> RegistrySummary:
    """Raises a RegistryError naming the line of the first mistake."""
    registry = load_registry(path)
    return RegistrySummary(registry.version, len(registry.purposes), len(registry.fields))


@dataclass(frozen=True)
class AuditReport:
    entries: int
    problems: list[str]


def verify_audit(kiosk: Kiosk) -> AuditReport:
    with kiosk.unit_of_work() as uow:
        entries, problems = kiosk.audit.verify(uow, kiosk.site.id)
    return AuditReport(entries, problems)
