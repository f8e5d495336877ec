"""A guest without an invitation, who typed their details at the kiosk and chose their host:
taken in by registry field for their kind of visit, then admitted as any guest is."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.clock import utc_now
from kiosk.errors import NotFound, RefusedInput
from kiosk.privacy.gateway import Notice, Source
from kiosk.privacy.registry import DEFAULT_VISIT_TYPE, Intake, Subject
from kiosk.services.greeting import display_name
from kiosk.services.intake.fields import capture_values, check_values
from kiosk.services.kiosk import Kiosk
from kiosk.services.visits.admission import (
    KIOSK_NOTICE_VERSION,
    CheckIn,
    ConsentGiven,
    GuestGives,
    admit,
    arriving_guest,
)

LANGUAGE_FIELD = "visitor.language"


@dataclass(frozen=True)
class WalkIn:
    host_id: int
    values: Mapping[str, object] = field(default_factory=dict)
    """The guest's details by registry field: ``{"visitor.name": "Siti", ...}``."""
    visit_type: str = DEFAULT_VISIT_TYPE
    language: str = "id"
    """The language the guest used at the kiosk (recorded for their host's emails and ours)."""
    consents: tuple[ConsentGiven, ...] = ()
    photo: bytes | None = None
    walk_in_key: str | None = None
    """The kiosk's random key for this walk-in: the same key again (a step retried after the
    connection dropped) gives the visit already made, not a second one."""


def walk_in(kiosk: Kiosk, guest: WalkIn, *, now: datetime | None = None) -> CheckIn:
    """Takes the guest in and admits them. :class:`RefusedInput` names what to correct: a
    value, or (``missing_phone``, ``missing_email``, ``missing_either``) the contact the site
    asks every walk-in for (``kiosk.walkin_contact``)."""
    now = now or utc_now()
    _require_contact(kiosk.settings.walkin_contact, guest.values)
    checked = check_values(kiosk, guest.values, Intake.WALK_IN, guest.visit_type)
    notice = Notice(KIOSK_NOTICE_VERSION, guest.language)
    with kiosk.unit_of_work() as uow:
        uow.lock_site(kiosk.site.id)
        made = uow.visits.of_walk_in(guest.walk_in_key) if guest.walk_in_key else None
        if made is not None:
            held = kiosk.gateway.by_field(uow, uow.subjects.get(made.guest_subject_id))
            return CheckIn(made, display_name(held), repeated=True)
        host = uow.hosts.get(guest.host_id)
        if host is None or not host.active:
            raise NotFound("no such host in the directory", reason="unknown_host")
        subject = uow.subjects.create(kiosk.site.id, Subject.VISITOR)
        language_purpose = kiosk.gateway.registry.purpose_for(
            LANGUAGE_FIELD, Intake.WALK_IN, guest.visit_type
        )
        if language_purpose:
            checked[LANGUAGE_FIELD] = (guest.language, language_purpose)
        capture_values(uow, kiosk, subject, checked, Source.GUEST_TYPED, kiosk.actor, notice)
        where = (host.id, guest.visit_type, Intake.WALK_IN)
        walking_in = arriving_guest(uow, kiosk, subject, *where, walk_in_key=guest.walk_in_key)
        gives = GuestGives(guest.photo, guest.language, guest.consents)
        return admit(uow, kiosk, walking_in, gives, now)


def _require_contact(contact: str, values: Mapping[str, object]) -> None:
    given = {name: bool(values.get(f"visitor.{name}")) for name in ("phone", "email")}
    if given.get(contact, given["phone"] or given["email"]):
        return
    if contact == "phone":
        raise RefusedInput("missing_phone", "this site asks every walk-in for their phone")
    if contact == "email":
        raise RefusedInput("missing_email", "this site asks every walk-in for their email")
    raise RefusedInput(
        "missing_either", "this site asks every walk-in for a phone number or an email address"
    )
