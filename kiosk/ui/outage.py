"""The database out of reach (restarting, a network cut) while the kiosk runs: the guest sees
"one moment" and their step is tried again every few seconds, then goes on where it left off;
after a minute they are sent to reception. Anywhere else (a staff list, say) the same wait
ends on the welcome screen. The kiosk never stops over it."""

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock

from kiosk.errors import DatabaseUnavailable

if TYPE_CHECKING:
    from kiosk.services.lobby.flow import LobbyFlow, LobbyState

RETRY_S = 2.0
GIVE_UP_S = 60.0
"""How long a guest waits on "one moment" for the database before being sent to reception."""
WAIT_SCREEN = "one_moment"
log = logging.getLogger("kiosk.ui")


class DatabaseWait(ExceptionHandler):
    def __init__(
        self, lobby: Callable[[], "LobbyFlow"], screens, show: Callable[["LobbyState"], None]
    ) -> None:
        self._lobby = lobby
        self._screens = screens
        self._show = show
        self._waiting: tuple[Callable[[], LobbyState], float] | None = None

    def step(self, action: Callable[..., "LobbyState"], *args) -> None:
        """One step of the guest's path, then the screen it leads to. A step is tried again
        only when it did not go through (nothing was committed), and checking in an
        invitation twice gives one visit anyway."""
        try:
            state = action(*args)
        except DatabaseUnavailable as error:
            self._wait(functools.partial(action, *args), error)
            return
        self._show(state)

    def handle_exception(self, exception: BaseException) -> int:
        """Kivy's last resort, for an outage outside a guest's step."""
        if not isinstance(exception, DatabaseUnavailable):
            return ExceptionManager.RAISE
        self._wait(self._lobby().database_back, exception)
        return ExceptionManager.PASS

    def _wait(self, retry: Callable[[], "LobbyState"], error: Exception) -> None:
        log.warning("%s", error)
        self._waiting = (retry, Clock.get_time() + GIVE_UP_S)
        self._screens.current = WAIT_SCREEN
        Clock.schedule_once(self._try_again, RETRY_S)

    def _try_again(self, _dt: float) -> None:
        if self._waiting is None or self._screens.current != WAIT_SCREEN:
            return  # the guest went idle, or staff moved on
        retry, give_up = self._waiting
        try:
            state = retry()
        except DatabaseUnavailable:
            if Clock.get_time() < give_up:
                Clock.schedule_once(self._try_again, RETRY_S)
                return
            state = self._lobby().database_gone()
        self._waiting = None
        self._show(state)
