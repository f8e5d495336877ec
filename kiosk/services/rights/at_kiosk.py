"""A guest with only their badge asks at the kiosk what is held about them (UU PDP Pasal 32,
GDPR Art. 15): the badge's QR proves them as it signs them out, by a token only their visit's
badge carries. The lobby is public, so the screen says what is held, why, until when and who
received it, and shows no value but the name as the kiosk greets them ("Siti R."); the values
themselves go as a link to their data to the email address the site holds, if it holds one."""

from dataclasses import dataclass
from datetime import datetime

from kiosk.clock import utc_now
from kiosk.services.greeting import NAME_FIELD, display_name
from kiosk.services.kiosk import Kiosk
from kiosk.services.rights.self_service import (
    RequestKind,
    held_address,
    my_data,
    record_request,
)
from kiosk.store.rights_repository import ProvedLink

PROOF_BADGE = "badge_qr"


@dataclass(frozen=True)
class HeldLine:
    label: str
    why: str
    until: datetime | None
    """When it goes; None: while its purpose needs it (the visit is on)."""


@dataclass(frozen=True)
class Received:
    at: datetime
    who: str
    """Who received what, in the guest's language."""


@dataclass(frozen=True)
class BadgeAnswer:
    name: str
    """As the kiosk greets the guest ("Siti R."); empty when none is held."""
    held: list[HeldLine]
    received: list[Received]
    proved: ProvedLink
    email_held: bool
    """Whether the values can be sent to an address the site holds."""


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def answer_for_badge(
    kiosk: Kiosk, code: str, language: str, now: datetime | None = None
) -> BadgeAnswer | None:
    """What is held about the guest whose badge reads ``code``, in ``language``: an access
    request, answered at once and in the processing trail; None for a code that is no badge
    of ours, or a guest since erased."""
    visit_id = kiosk.badge_tokens.id_of(code.strip())
    if visit_id is None:
        return None
    with kiosk.unit_of_work() as uow:
        visit = uow.visits.get(kiosk.site.id, visit_id)
        subject = uow.subjects.get(visit.guest_subject_id) if visit else None
        if subject is None:
            return None
        email_held = held_address(uow, kiosk, subject) is not None
    proved = ProvedLink([subject.id], language, PROOF_BADGE)
    people = my_data(kiosk, proved).document["people"]
    if not people:  # erased meanwhile
        return None
    person = people[0]
    with kiosk.unit_of_work() as uow:
        record_request(uow, kiosk, proved, RequestKind.ACCESS, now or utc_now(), answered=True)
        uow.commit()

    def said(text: dict[str, str]) -> str:
        return text.get(language) or next(iter(text.values()))

    names = {value["field"]: value["value"] for value in person["values"]}
    return BadgeAnswer(
        name=display_name({NAME_FIELD: names[NAME_FIELD]}) if NAME_FIELD in names else "",
        held=[
            HeldLine(
                said(value["label"]),
                said(value["purpose_label"]),
                _moment(value["retention_until"]),
            )
            for value in person["values"]
        ],
        received=[
            Received(_moment(sent["at"]), said(sent["recipient"])) for sent in person["received"]
        ],
        proved=proved,
        email_held=email_held,
    )
