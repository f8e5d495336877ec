"""The calendar invitation (.ics, METHOD:REQUEST) that travels with an invitation email."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText


@dataclass(frozen=True)
class CalendarInvite:
    uid: str
    """Stable across resends, so calendars update the event instead of adding another."""
    summary: str
    description: str
    location: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    organizer: str
    attendee: str | None
    stamp: datetime
    sequence: int = 0
    """Raised on every change of the invitation, so calendars take the newest."""
    method: str = "REQUEST"
    """REQUEST in an invitation email; PUBLISH for a file a guest adds themself."""


def ics_bytes(invite: CalendarInvite) -> bytes:
    zone = ZoneInfo(invite.timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//lobby-kiosk//invitation//EN")
    calendar.add("version", "2.0")
    calendar.add("method", invite.method)
    event = Event()
    event.add("uid", invite.uid)
    event.add("dtstamp", invite.stamp)
    event.add("sequence", invite.sequence)
    event.add("dtstart", invite.starts_at.astimezone(zone))
    event.add("dtend", invite.ends_at.astimezone(zone))
    event.add("summary", invite.summary)
    event.add("description", invite.description)
    event.add("location", invite.location)
    event["organizer"] = vCalAddress(f"mailto:{invite.organizer}")
    if invite.attendee:
        attendee = vCalAddress(f"mailto:{invite.attendee}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
