"""The whole schema on one metadata: import this, not a single models module, to see it all."""

from kiosk.store import models, portal_models, privacy_models, rights_models
from kiosk.store.base import Base

metadata = Base.metadata
__all__ = ["metadata", "models", "portal_models", "privacy_models", "rights_models"]
