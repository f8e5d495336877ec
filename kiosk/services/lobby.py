"""The guest's path through the lobby screens, as a Kivy-free state machine: which screen
comes next and what each answer means. Screens only draw the state they are given.

A scanned invitation leads to the privacy notice, then "is this you?", then the badge: two
touches from scan to "take your badge" when the site asks for no verification. A scanned
badge signs its guest out. Anything refused ends at "please see reception"; the guest is not
told why (staff see the reason).
"""

from dataclasses import dataclass
from enum import StrEnum

from kiosk.errors import InvitationError, KioskError, NotFound
from kiosk.services.arrival import Arrival, arrive
from kiosk.services.bootstrap import Kiosk
from kiosk.services.visits import check_in, check_out


class Step(StrEnum):
    WELCOME = "welcome"
    NOTICE = "notice"
    ARRIVAL = "arrival"
    BADGE = "badge"
    RECEPTION = "reception"
    GOODBYE = "goodbye"


@dataclass(frozen=True)
class LobbyState:
    step: Step
    arrival: Arrival | None = None
    scanned: str | None = None
    badge_number: int | None = None
    guest_display_name: str = ""
    reason: str | None = None
    """Why the guest was sent to reception: for staff and logs, never shown to the guest."""


WELCOME = LobbyState(Step.WELCOME)


class LobbyFlow:
    def __init__(self, kiosk: Kiosk) -> None:
        self._kiosk = kiosk
        self.state = WELCOME

    def reset(self) -> LobbyState:
        """Back to welcome, forgetting everything about the last guest."""
        self.state = WELCOME
        return self.state

    def scanned(self, text: str) -> LobbyState:
        """A code typed by the scanner (or the guest): an invitation, or a badge to sign out."""
        text = text.strip()
        if self._kiosk.badge_tokens.id_of(text) is not None:
            return self._sign_out(text)
        try:
            arrival = arrive(self._kiosk, text)
        except InvitationError as refused:
            return self._reception(refused.reason)
        self.state = LobbyState(Step.NOTICE, arrival=arrival, scanned=text)
        return self.state

    def accept_notice(self) -> LobbyState:
        self.state = LobbyState(
            Step.ARRIVAL, arrival=self.state.arrival, scanned=self.state.scanned
        )
        return self.state

    def confirm(self, language: str) -> LobbyState:
        """The guest says "that's me": check in."""
        try:
            result = check_in(self._kiosk, self.state.scanned, language=language)
        except KioskError as error:
            return self._reception(getattr(error, "reason", "error"))
        if not result.badge:
            return self._reception(result.reason, result.guest_display_name)
        self.state = LobbyState(
            Step.BADGE,
            badge_number=result.visit.badge_number,
            guest_display_name=result.guest_display_name,
        )
        return self.state

    def not_me(self) -> LobbyState:
        return self._reception("not_me")

    def _sign_out(self, badge: str) -> LobbyState:
        try:
            result = check_out(self._kiosk, badge)
        except NotFound:
            return self._reception("unknown_badge")
        self.state = LobbyState(Step.GOODBYE, guest_display_name=result.guest_display_name)
        return self.state

    def _reception(self, reason: str | None, name: str = "") -> LobbyState:
        self.state = LobbyState(Step.RECEPTION, reason=reason, guest_display_name=name)
        return self.state
