"""The guest's path through the lobby screens, as a Kivy-free state machine: which screen
comes next and what each answer means. Screens only draw the state they are given.

A scanned invitation leads to the privacy notice, then "is this you?", then the badge: two
touches from scan to "take your badge" when the site asks for no verification. Where the site
asks for an ID, that comes next; where it asks for a photo, the photo screen (with its own
notice) comes last, before the check-in. A scanned badge signs its guest out. Anything refused
ends at "please see reception"; the guest is not told why (staff see the reason).
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk.errors import CaptureRefused, InvitationError, KioskError, NotFound, RefusedInput
from kiosk.privacy.field_kinds import normalise
from kiosk.privacy.registry import DEFAULT_VISIT_TYPE, Intake
from kiosk.services.alert_reasons import AlertReason
from kiosk.services.kiosk import Kiosk
from kiosk.services.lobby.arrival import Arrival, arrive
from kiosk.services.lobby.code_throttle import CodeThrottle
from kiosk.services.lobby.lost_badge import sign_out_without_badge
from kiosk.services.reception.alerts import raise_alert
from kiosk.services.visits.admission import CheckIn, ConsentGiven, photo_required
from kiosk.services.visits.check_in import IdShown, check_in
from kiosk.services.visits.check_out import CheckOut, check_out
from kiosk.services.visits.walk_in import WalkIn, walk_in


class Step(StrEnum):
    WELCOME = "welcome"
    NOTICE = "notice"
    ARRIVAL = "arrival"
    VERIFY = "verify"
    PHOTO = "photo"
    WALK_IN = "walk_in"
    BADGE = "badge"
    RECEPTION = "reception"
    GOODBYE = "goodbye"


@dataclass(frozen=True)
class LobbyState:
    step: Step
    arrival: Arrival | None = None
    badge_number: int | None = None
    visit_id: int | None = None
    guest_display_name: str = ""
    reason: str | None = None
    """Why the guest was sent to reception: for staff and logs, never shown to the guest."""
    consents: tuple[ConsentGiven, ...] = ()
    """The boxes ticked on the notice, carried to the check-in."""
    problem: str | None = None
    """What the walking-in guest should correct (their own input): a field or a code."""
    language: str = "id"
    shown: IdShown | None = None
    """The ID the guest gave, carried to the check-in past the photo screen."""
    walk_in_guest: WalkIn | None = None
    """The walk-in form as submitted, carried to the check-in past the photo screen."""
    walk_in_key: str | None = None
    """Made when a walk-in starts: a retried check-in is then known as the same walk-in."""
    photo: bytes | None = None
    """The guest's photo, where the site asks for one; forgotten with the rest on reset."""

    @property
    def walk_in(self) -> bool:
        """A guest without an invitation (a walk-in's key is made when it starts)."""
        return self.walk_in_key is not None

    @property
    def visit_type(self) -> str:
        if self.arrival:
            return self.arrival.visit_type
        return self.walk_in_guest.visit_type if self.walk_in_guest else DEFAULT_VISIT_TYPE

    @property
    def intake(self) -> Intake:
        return Intake.WALK_IN if self.walk_in else Intake.INVITATION


WELCOME = LobbyState(Step.WELCOME)


class LobbyFlow:
    def __init__(self, kiosk: Kiosk, throttle: CodeThrottle | None = None) -> None:
        self._kiosk = kiosk
        self._throttle = throttle or CodeThrottle()
        self.state = WELCOME

    def purpose_of(self, field: str) -> str | None:
        """The purpose the guest's value of ``field`` is held for on this visit."""
        registry = self._kiosk.gateway.registry
        return registry.purpose_for(field, self.state.intake, self.state.visit_type)

    def reset(self) -> LobbyState:
        """Back to welcome, forgetting everything about the last guest."""
        self.state = WELCOME
        return self.state

    def scanned(self, text: str) -> LobbyState:
        """A code typed by the scanner (or the guest): an invitation, or a badge to sign out."""
        if self._throttle.holding():
            return self._reception(AlertReason.TOO_MANY_CODES)
        text = text.strip()
        visit_id = self._kiosk.badge_tokens.id_of(text)
        if visit_id is not None:
            return self._sign_out(visit_id)
        try:
            arrival = arrive(self._kiosk, text)
        except InvitationError as refused:
            return self._wrong_code(refused.reason)
        self._throttle.matched()
        self.state = LobbyState(Step.NOTICE, arrival=arrival)
        return self.state

    def _wrong_code(self, reason: str) -> LobbyState:
        """A code that is not one of ours: reception is told (repeats fold into one alert),
        and after a few in a row the kiosk holds the next codes back."""
        if self._throttle.missed():
            raise_alert(self._kiosk, AlertReason.TOO_MANY_CODES)
        return self._reception(reason, alert=True)

    def walk_in_started(self) -> LobbyState:
        """ "I don't have an invitation": the notice first, then the form."""
        self.state = LobbyState(Step.NOTICE, walk_in_key=uuid.uuid4().hex)
        return self.state

    def accept_notice(self, consents: tuple[ConsentGiven, ...] = ()) -> LobbyState:
        """Continue from the notice, with the consent boxes the guest ticked (none by default)."""
        step = Step.WALK_IN if self.state.walk_in else Step.ARRIVAL
        self.state = replace(self.state, step=step, consents=consents)
        return self.state

    def walk_in_submitted(self, guest: WalkIn | None) -> LobbyState:
        """Checks in a walk-in (None: no host chosen yet), after the photo where the site asks
        for one; a value to correct keeps the guest on the form with ``problem`` naming it."""
        if guest is None:
            return self._walk_in_problem("missing_host")
        if self._photo_wanted():
            self.state = replace(self.state, step=Step.PHOTO, walk_in_guest=guest)
            return self.state
        try:
            given = replace(
                guest,
                consents=self.state.consents,
                photo=self.state.photo,
                walk_in_key=self.state.walk_in_key,
            )
            result = walk_in(self._kiosk, given)
        except RefusedInput as refused:
            return self._walk_in_problem(refused.field or refused.reason)
        except NotFound:
            return self._walk_in_problem("walk_in")
        return self._ended(result)

    def _walk_in_problem(self, problem: str) -> LobbyState:
        self.state = replace(self.state, step=Step.WALK_IN, problem=problem)
        return self.state

    def confirm(self, language: str) -> LobbyState:
        """The guest says "that's me": check in, or first ask for the ID the site wants."""
        self.state = replace(self.state, language=language)
        if self._kiosk.settings.verification in ("id_last4", "id_match"):
            self.state = replace(self.state, step=Step.VERIFY)
            return self.state
        return self._check_in()

    def verified(self, shown: IdShown, language: str) -> LobbyState:
        """The guest gave their ID's type and last 4 characters."""
        self.state = replace(self.state, shown=shown, language=language)
        try:
            normalise(self._kiosk.gateway.registry.fields["visitor.id_last4"], shown.last4)
        except CaptureRefused:
            self.state = replace(self.state, step=Step.VERIFY, problem="visitor.id_last4")
            return self.state
        return self._check_in()

    def photo_taken(self, photo: bytes) -> LobbyState:
        """The guest's photo, from the photo screen: on to the check-in."""
        self.state = replace(self.state, photo=photo)
        if self.state.walk_in:
            return self.walk_in_submitted(self.state.walk_in_guest)
        return self._check_in()

    def photo_declined(self) -> LobbyState:
        """No photo (the guest would rather not, or the kiosk has no camera): reception
        checks the guest instead."""
        invitation = self.state.arrival.invitation_id if self.state.arrival else None
        raise_alert(self._kiosk, "no_photo", invitation)
        return self._reception("no_photo")

    def _photo_wanted(self) -> bool:
        return self.state.photo is None and photo_required(self._kiosk)

    def _check_in(self) -> LobbyState:
        if self._photo_wanted():
            self.state = replace(self.state, step=Step.PHOTO)
            return self.state
        try:
            result = check_in(
                self._kiosk,
                self.state.arrival.invitation_id,
                shown=self.state.shown,
                photo=self.state.photo,
                language=self.state.language,
                consents=self.state.consents,
            )
        except KioskError as error:
            return self._reception(getattr(error, "reason", "error"), alert=True)
        return self._ended(result)

    def _ended(self, result: CheckIn) -> LobbyState:
        if not result.badge:
            return self._reception(result.reason, result.guest_display_name)
        self.state = LobbyState(
            Step.BADGE,
            badge_number=result.visit.badge_number,
            visit_id=result.visit.id,
            guest_display_name=result.guest_display_name,
        )
        return self.state

    def badge_not_printed(self) -> LobbyState:
        """The badge did not come out: the guest goes to reception (staff have the alert)."""
        return self._reception(AlertReason.NOT_PRINTED, self.state.guest_display_name)

    def database_back(self) -> LobbyState:
        """After an outage with no step of the guest's to finish: welcome again, once the
        database answers (DatabaseUnavailable while it does not)."""
        with self._kiosk.unit_of_work() as uow:
            uow.ping()
        return self.reset()

    def database_gone(self) -> LobbyState:
        """The database stayed out of reach: the guest goes to reception (the alert cannot
        be stored; staff see the kiosk's "one moment" themselves)."""
        return self._reception("database_unavailable")

    def not_me(self) -> LobbyState:
        invitation = self.state.arrival.invitation_id if self.state.arrival else None
        raise_alert(self._kiosk, "not_me", invitation)
        return self._reception("not_me")

    def signed_out_without_badge(self, visit_id: int) -> LobbyState:
        """A guest who lost their badge chose themself by name (see :mod:`.lost_badge`)."""
        return self._sign_out(visit_id, sign_out_without_badge)

    def _sign_out(
        self, visit_id: int, sign_out: Callable[[Kiosk, int], CheckOut] = check_out
    ) -> LobbyState:
        try:
            result = sign_out(self._kiosk, visit_id)
        except NotFound:
            return self._wrong_code("unknown_badge")
        self._throttle.matched()
        self.state = LobbyState(Step.GOODBYE, guest_display_name=result.guest_display_name)
        return self.state

    def _reception(self, reason: str | None, name: str = "", alert: bool = False) -> LobbyState:
        """Please see reception; ``alert`` tells staff (check-in refusals already did)."""
        if alert and reason:
            raise_alert(self._kiosk, reason)
        self.state = LobbyState(Step.RECEPTION, reason=reason, guest_display_name=name)
        return self.state
