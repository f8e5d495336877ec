"""How a host is told of an arrival: by email (unless they choose otherwise), their phone on
the site's phone channel, or an address of their own (a Telegram chat, a Slack or Teams
channel…). The choice and the address are the member's values, captured through the gateway
for operational notices; the address is encrypted, shown only masked, and erased when the host
chooses another way (and with the host)."""

from dataclasses import dataclass

from kiosk.errors import RefusedInput
from kiosk.notify.channels import known, masked
from kiosk.privacy.audit import AuditAction, AuditEvent
from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.services.kiosk import Kiosk

VIA, ADDRESS, PHONE = "member.notify_via", "member.notify_address", "member.phone"
PURPOSE = "member-operational-notices"
NOTICE_VERSION = "member-notify.1"
WAYS = ("email", "phone", "address")


@dataclass(frozen=True)
class NotifyChoice:
    via: str
    address: str | None
    """The host's own address, masked."""
    phone_possible: bool
    """The site has a phone channel and the directory holds the host's phone."""


def notify_choice(kiosk: Kiosk, host_id: int) -> NotifyChoice:
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.get(uow.hosts.get(host_id).subject_id)
        held = kiosk.gateway.by_field(uow, subject)
    address = held.get(ADDRESS)
    return NotifyChoice(
        via=str(held.get(VIA, "email")),
        address=masked(str(address)) if address else None,
        phone_possible=bool(kiosk.settings.notify_host_phone and held.get(PHONE)),
    )


def choose_notify(
    kiosk: Kiosk,
    host_id: int,
    via: str,
    address: str | None,
    actor: str,
    source: Source,
    language: str,
) -> None:
    """Records how the host is told of an arrival (choosing their own address again without
    giving one keeps the one saved); a choice the site cannot carry out is refused and nothing
    changes."""
    if via not in WAYS:
        raise RefusedInput("invalid_value", f"choose one of {', '.join(WAYS)}", VIA)
    if address is not None and not known(address):
        raise RefusedInput(
            "unknown_address", "no channel knows that address (see kiosk notify test)", ADDRESS
        )
    notice = Notice(NOTICE_VERSION, language)
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.get(uow.hosts.get(host_id).subject_id)
        held = kiosk.gateway.by_field(uow, subject)
        if via == "phone" and not (kiosk.settings.notify_host_phone and held.get(PHONE)):
            raise RefusedInput("no_phone_channel", "the site sends no texts to hosts' phones", VIA)
        if via == "address" and address is None and ADDRESS not in held:
            raise RefusedInput("unknown_address", "give the address of your channel", ADDRESS)
        kiosk.gateway.capture(uow, Capture(subject, VIA, via, PURPOSE, source, actor, notice))
        if via == "address" and address is not None:
            capture = Capture(subject, ADDRESS, address, PURPOSE, source, actor, notice)
            kiosk.gateway.capture(uow, capture)
        elif ADDRESS in held and uow.personal_values.delete_field(subject.id, ADDRESS):
            event = AuditEvent(
                AuditAction.ERASURE, actor, subject.reference, ADDRESS, detail="no longer needed"
            )
            kiosk.audit.record(uow, kiosk.site.id, event)
        uow.commit()
