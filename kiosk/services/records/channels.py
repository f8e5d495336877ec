"""The services the site's messages go through, named for a person to read: the recipients an
access export and the record of processing list."""

from kiosk.notify.channels import service_name
from kiosk.privacy.recipients import SiteChannels
from kiosk.privacy.registry import Registry
from kiosk.settings import Settings


def site_channels(settings: Settings, registry: Registry) -> SiteChannels:
    phone = settings.notify_guest_phone
    host = settings.notify_host_phone
    return SiteChannels(
        guest_phone=service_name(phone) if phone else None,
        host_phone=service_name(host) if host else None,
        reception=tuple(service_name(url) for url in settings.notify_reception),
        host_own="member.notify_address" in registry.fields,
    )
