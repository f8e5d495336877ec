"""What one site does with the registry: which purposes and fields it has turned on or off,
and where it keeps data for less time than the registry allows."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kiosk.errors import SettingsError
from kiosk.privacy.registry import Basis, FieldBinding, Intake, Purpose, Registry, Subject
from kiosk.privacy.registry_loader import load_current_registry, load_registry
from kiosk.settings import Settings

INTAKES_OF = {
    Subject.VISITOR: (Intake.INVITATION, Intake.WALK_IN, Intake.DENY_LIST),
    Subject.MEMBER: (Intake.DIRECTORY,),
}


@dataclass(frozen=True)
class SitePolicy:
    registry: Registry
    enabled: frozenset[str] = frozenset()
    """Purposes and fields the site turns on that the registry leaves off by default."""
    disabled: frozenset[str] = frozenset()
    retention_days: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = self.registry.purposes.keys() | self.registry.fields.keys()
        for key in sorted((self.enabled | self.disabled) - known):
            raise SettingsError(f"privacy: '{key}' is neither a purpose nor a field of the policy")
        for key, days in self.retention_days.items():
            purpose = self.registry.purposes.get(key)
            if purpose is None:
                raise SettingsError(f"retention.{key}: not a purpose of the policy")
            if days > purpose.retention.days:
                raise SettingsError(
                    f"retention.{key}: {days} days is longer than the policy's "
                    f"{purpose.retention.days}; a site may only keep data for less"
                )

    def _on(self, key: str, default: bool) -> bool:
        return key not in self.disabled and (default or key in self.enabled)

    def purpose_enabled(self, purpose: Purpose) -> bool:
        return self._on(purpose.key, purpose.enabled)

    def field_enabled(self, binding: FieldBinding) -> bool:
        return self._on(binding.key, binding.enabled)

    def consent_purposes(self, subject: Subject) -> list[Purpose]:
        """Purposes resting on consent that this site offers to this kind of person."""
        return [
            purpose
            for purpose in self.registry.purposes.values()
            if purpose.basis is Basis.CONSENT
            and subject in purpose.subjects
            and self.purpose_enabled(purpose)
        ]

    def retention(self, purpose: Purpose) -> timedelta:
        return timedelta(days=self.retention_days.get(purpose.key, purpose.retention.days))

    def retention_until(self, purpose: Purpose, event_at: datetime) -> datetime:
        return event_at + self.retention(purpose)

    def held_for(self, binding: FieldBinding) -> list[str]:
        """The purposes this site holds the field for, in the registry's order: those its
        intakes give it (for any kind of visit), and the consents offered that it is bound
        to. Empty for a field that is off here."""
        if not self.field_enabled(binding):
            return []
        registry = self.registry
        held = {
            registry.purpose_for(binding.key, intake, visit_type)
            for intake in INTAKES_OF[binding.subject]
            for visit_type in registry.visit_types
        }
        held |= {p.key for p in self.consent_purposes(binding.subject) if p.key in binding.purposes}
        on = {key for key in held if key and self.purpose_enabled(registry.purposes[key])}
        return [key for key in binding.purposes if key in on]

    def fields_held_for(self, purpose: Purpose) -> list[str]:
        """The fields this site holds for ``purpose`` (none: it does not perform it)."""
        return [
            key
            for key, binding in self.registry.fields.items()
            if purpose.key in self.held_for(binding)
        ]

    def performed(self, purpose: Purpose) -> bool:
        return bool(self.fields_held_for(purpose))


def site_policy(settings: Settings) -> SitePolicy:
    """The registry in force (the site's own file, else the bundled one) as this site
    configures it; a bad setting is a SettingsError, a bad registry file a RegistryError."""
    registry = load_registry(settings.registry) if settings.registry else load_current_registry()
    return SitePolicy(
        registry,
        enabled=frozenset(settings.privacy_enable),
        disabled=frozenset(settings.privacy_disable),
        retention_days=dict(settings.retention_days),
    )
