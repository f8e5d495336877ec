"""The kiosk comes up behind its welcome screen.

The welcome screen needs only the settings, so it is drawn first. Then, on a thread of its own,
the database is opened (its schema checked, the privacy registry read) and the services the
screens use are made; after a power cut the database server often boots later than the
kiosk's computer, so while it does not answer this is tried again every few seconds. Back on
the thread that draws, the other screens are built, one a frame, so the welcome screen keeps
answering touches while they are.
"""

import importlib
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kivy.clock import Clock
from kivy.uix.screenmanager import Screen

from kiosk.errors import DatabaseUnavailable

if TYPE_CHECKING:
    from kiosk.services.background import OutboxWorker
    from kiosk.services.kiosk import Kiosk
    from kiosk.services.lobby.flow import LobbyFlow
    from kiosk.services.lobby.staff_pin import StaffGate
    from kiosk.services.visits.end_of_day import EndOfDay

RETRY_S = 5.0
"""How often a database that does not answer at start is tried again."""
log = logging.getLogger("kiosk.ui")

SCREENS = {
    "code_entry": "code_entry:CodeEntryScreen",
    "sign_out": "sign_out:SignOutScreen",
    "my_data": "my_data:MyDataScreen",
    "lost_badge": "lost_badge:LostBadgeScreen",
    "notice": "notice:NoticeScreen",
    "arrival": "arrival:ArrivalScreen",
    "walk_in": "walk_in:WalkInScreen",
    "verify": "verify:VerifyScreen",
    "photo": "photo:PhotoScreen",
    "result": "result:ResultScreen",
    "staff_pin": "staff_pin:StaffPinScreen",
    "staff_home": "staff_home:StaffHomeScreen",
    "preregister": "preregister:PreRegisterScreen",
    "expected": "expected_list:ExpectedScreen",
    "on_site": "on_site:OnSiteScreen",
    "attention": "attention:AttentionScreen",
    "deny": "deny:DenyListScreen",
}
"""The screens behind the welcome screen, by name, as ``module:class`` of :mod:`kiosk.ui`."""


@dataclass
class LobbyServices:
    """What the screens work with, made on the opening thread with the kiosk."""

    kiosk: "Kiosk"
    lobby: "LobbyFlow"
    staff_gate: "StaffGate"
    outbox_worker: "OutboxWorker"
    end_of_day: "EndOfDay"


def lobby_services(kiosk: "Kiosk") -> LobbyServices:
    """The services of an opened kiosk (their modules are imported here, off the thread that
    draws)."""
    from kiosk.services.background import OutboxWorker
    from kiosk.services.lobby.flow import LobbyFlow
    from kiosk.services.lobby.staff_pin import StaffGate, StoredPinTries
    from kiosk.services.visits.end_of_day import EndOfDay

    return LobbyServices(
        kiosk=kiosk,
        lobby=LobbyFlow(kiosk),
        staff_gate=StaffGate(kiosk.settings.staff_pin_hash, StoredPinTries(kiosk)),
        outbox_worker=OutboxWorker(kiosk),
        end_of_day=EndOfDay(kiosk),
    )


def other_screens() -> Iterator[Screen]:
    """Each screen behind the welcome screen, its module imported when it is made."""
    for name, where in SCREENS.items():
        module, _, class_name = where.partition(":")
        screen_class = getattr(importlib.import_module(f"kiosk.ui.{module}"), class_name)
        yield screen_class(name=name)


class Opening:
    """Opens the kiosk on its own thread and tells the thread that draws, through the Kivy
    clock, what became of it: ``waiting`` each time the database did not answer, then either
    ``opened`` with the services, or ``failed`` with an error a person must act on (a key
    file that is not the site's, a policy that does not load)."""

    def __init__(
        self,
        open_kiosk: Callable[[], "Kiosk"],
        *,
        opened: Callable[[LobbyServices], None],
        waiting: Callable[[], None],
        failed: Callable[[Exception], None],
    ) -> None:
        self._open_kiosk = open_kiosk
        self._opened = opened
        self._waiting = waiting
        self._failed = failed
        self._stopped = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._run, name="kiosk opening", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        try:
            services = self._open_when_the_database_answers()
        except Exception as error:  # raised again on the thread that draws
            Clock.schedule_once(lambda _dt, failure=error: self._failed(failure))
            return
        if services is not None:
            Clock.schedule_once(lambda _dt: self._opened(services))

    def _open_when_the_database_answers(self) -> LobbyServices | None:
        """The services; None if stopped while the database did not answer."""
        while not self._stopped.is_set():
            try:
                return lobby_services(self._open_kiosk())
            except DatabaseUnavailable as error:
                say_waiting(error)
                Clock.schedule_once(lambda _dt: self._waiting())
                self._stopped.wait(RETRY_S)
        return None


def say_waiting(error: DatabaseUnavailable) -> None:
    """On the terminal and in the log: what the kiosk waits for."""
    line = f"kiosk: {error}; trying again every {RETRY_S:g} s"
    log.warning("%s", line)
    print(line, file=sys.stderr, flush=True)
