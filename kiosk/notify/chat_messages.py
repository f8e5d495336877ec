"""The messages that go by chat, SMS or webhook, in their reader's language. Each says the least
that works: a given name and an initial, a time, a place, and for the guest their own link. A
message is one line with no title (a WhatsApp template's variable and many SMS gateways take
no more), and says by itself what it is about."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.i18n import When, clock_time, translations


@dataclass(frozen=True)
class InvitationMessage:
    language: str
    guest: str
    """The guest's given name and initial."""
    host: str
    site: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    page_url: str


@dataclass(frozen=True)
class ArrivalMessage:
    language: str
    guest: str
    site: str
    kiosk_id: str
    arrived_at: datetime
    timezone: str


@dataclass(frozen=True)
class AlertMessage:
    language: str
    what: str
    """What reception is asked to see to, in staff's words."""
    guest: str
    kiosk_id: str
    at: datetime
    timezone: str


@dataclass(frozen=True)
class PrivacyCodeMessage:
    language: str
    site: str
    code: str
    minutes: int


def invitation_message(message: InvitationMessage) -> str:
    _ = translations(message.language).gettext
    when = When(message.timezone, message.language, _).window(message.starts_at, message.ends_at)
    body = _(
        "Hello {guest}, {host} invites you to {site}, {when}. Your invitation and QR code: {url}"
    ).format(
        guest=message.guest, host=message.host, site=message.site, when=when, url=message.page_url
    )
    return body


def arrival_message(message: ArrivalMessage) -> str:
    _ = translations(message.language).gettext
    at = clock_time(message.arrived_at.astimezone(ZoneInfo(message.timezone)), message.language)
    return _("Your guest {guest} has arrived at {site} ({kiosk}) at {time}.").format(
        guest=message.guest, site=message.site, kiosk=message.kiosk_id, time=at
    )


def alert_message(message: AlertMessage) -> str:
    _ = translations(message.language).gettext
    at = clock_time(message.at.astimezone(ZoneInfo(message.timezone)), message.language)
    about = f"{message.guest}: {message.what}" if message.guest else message.what
    return _("Reception, please see to this: {about} ({kiosk}, {time})").format(
        about=about, kiosk=message.kiosk_id, time=at
    )


def privacy_code_message(message: PrivacyCodeMessage) -> str:
    """The code that opens a person's data on ``/privacy``, in the browser that asked."""
    _ = translations(message.language).gettext
    return _(
        "Your code to see your data at {site}: {code}. It works once, for {minutes} minutes. "
        "If you did not ask for it, ignore this message."
    ).format(site=message.site, code=message.code, minutes=message.minutes)
