"""Who receives each kind of value besides the operator's staff: what an access request and
the record of processing activities name as recipients, among them each kind of channel the
site sends messages through (WhatsApp, Telegram, an SMS gateway…). The words are message ids
of the catalogs, translated where they are shown, with the service's name put in then."""

from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks ``message`` for the catalogs; it is translated where it is shown."""
    return message


STAFF = N_("The operator's reception staff")
HOST = N_("Your host (arrival email)")
MAIL = N_("The operator's mail server (your invitation)")
PRINTER = N_("The badge printer in the lobby")
GUEST_CHANNEL = N_("{service}, through which the site sends guests their invitation")
HOST_PHONE_CHANNEL = N_("{service}, through which the site tells hosts of an arrival")
HOST_OWN_CHANNEL = N_("The chat service a host chose to be told of arrivals through")
RECEPTION_CHANNEL = N_("{service}, through which reception is alerted")
SENT = {
    ("invitation", "email"): N_("You, by email: your invitation"),
    ("invitation", "message"): N_("You, by chat or SMS: your invitation"),
    ("arrival", "email"): N_("Your host, by email: the news that you arrived, with your name"),
    ("arrival", "message"): N_(
        "Your host, by chat or SMS: the news that you arrived, with your name"
    ),
    ("badge", "print"): N_("The badge printer of kiosk {service}: your badge, with your name"),
    ("alert", "message"): N_(
        "Reception, by chat or SMS: an alert about your visit, with your name"
    ),
}
"""Who received a message the outbox sent about a person, and what it carried, by the
message's template and channel."""


@dataclass(frozen=True)
class Recipient:
    words: str
    service: str = ""

    def said(self, _) -> str:
        """In the reader's language (``_`` is their translator)."""
        return _(self.words).format(service=self.service)


@dataclass(frozen=True)
class SiteChannels:
    """The services the site's messages go through, by name."""

    guest_phone: str | None = None
    host_phone: str | None = None
    reception: tuple[str, ...] = ()
    host_own: bool = False
    """Hosts may choose a chat service of their own (the registry asks for its address)."""


NO_CHANNELS = SiteChannels()

BY_FIELD: dict[str, tuple[str, ...]] = {
    "visitor.name": (STAFF, HOST, PRINTER),
    "visitor.email": (STAFF, MAIL),
    "visitor.company": (STAFF, PRINTER),
    "member.email": (STAFF, MAIL),
}


def recipients(field: str, channels: SiteChannels = NO_CHANNELS) -> tuple[Recipient, ...]:
    found = [Recipient(words) for words in BY_FIELD.get(field, (STAFF,))]
    if field in ("visitor.name", "visitor.phone") and channels.guest_phone:
        found.append(Recipient(GUEST_CHANNEL, channels.guest_phone))
    if field == "visitor.name":
        if channels.host_phone:
            found.append(Recipient(HOST_PHONE_CHANNEL, channels.host_phone))
        if channels.host_own:
            found.append(Recipient(HOST_OWN_CHANNEL))
        found += [Recipient(RECEPTION_CHANNEL, name) for name in sorted(set(channels.reception))]
    if field == "member.phone" and channels.host_phone:
        found.append(Recipient(HOST_PHONE_CHANNEL, channels.host_phone))
    if field == "member.notify_address":
        found.append(Recipient(HOST_OWN_CHANNEL))
    return tuple(found)


def sent_to(template: str, channel: str, kiosk_id: str | None) -> Recipient:
    """Who received a message sent about a person (see :data:`SENT`)."""
    return Recipient(SENT[template, channel], kiosk_id or "")
