"""What one site does with the registry: which purposes and fields it has turned on or off,
and where it keeps data for less time than the registry allows."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kiosk.errors import SettingsError
from kiosk.privacy.registry import Basis, FieldBinding, Purpose, Registry, Subject


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
