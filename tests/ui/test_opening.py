"""The kiosk comes up behind its welcome screen: the welcome screen is drawn before the database
is open, and a guest who taps or scans before the kiosk is ready sees "one moment", then goes
on where they meant to."""

import threading
from collections.abc import Callable

from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from kiosk.services.kiosk import Kiosk
from tests.builders import member, open_now
from tests.ui.conftest import running_app
from tests.ui.driving import scan

STARTING = "Kios sedang dimulai. Mohon tunggu sebentar."


def held_open(kiosk: Kiosk) -> tuple[threading.Event, Callable[[], Kiosk]]:
    """An opening that waits for the test (a database that is slow to answer)."""
    gate = threading.Event()

    def opening() -> Kiosk:
        assert gate.wait(30), "the test let the kiosk open"
        return kiosk

    return gate, opening


def test_the_welcome_screen_shows_before_the_kiosk_opens_and_a_walk_in_waits_for_it(
    window, kiosk_settings
) -> None:
    gate, opening = held_open(open_kiosk(kiosk_settings))
    with running_app(window, kiosk_settings, opening) as driver:
        assert driver.app.root.current == "welcome" and not driver.app.ready
        assert driver.widget("greeting").text == "Selamat datang"
        assert driver.widget("site").text == kiosk_settings.site_name
        driver.screenshot("welcome-before-the-kiosk-opened")

        driver.tap("no_invitation")
        assert driver.app.root.current == "one_moment"
        assert driver.widget("subtitle").text == STARTING
        driver.screenshot("one-moment-while-starting")

        gate.set()
        assert driver.wait_for(lambda: driver.app.ready, timeout=30)
        driver.settle()
        assert driver.app.root.current == "notice", "the guest's tap went on"
        assert driver.app.lobby.state.intake == "walk_in"


def test_an_invitation_scanned_before_the_kiosk_opens_is_checked_in_once_it_has(
    window, kiosk_settings
) -> None:
    kiosk = open_kiosk(kiosk_settings)
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example"), "t")
        uow.commit()
    invitation = invite(kiosk, open_now(name="Siti Rahmawati", email=None), "staff:test")
    gate, opening = held_open(kiosk)
    with running_app(window, kiosk_settings, opening) as driver:
        scan(driver, invitation.token)
        assert driver.app.root.current == "one_moment"

        gate.set()
        assert driver.wait_for(lambda: driver.app.ready, timeout=30)
        driver.settle()
        assert driver.app.root.current == "notice"
        assert driver.app.lobby.state.arrival.invitation_id == invitation.id


def test_a_staff_screen_asked_for_before_the_kiosk_opens_still_asks_for_the_pin(
    window, kiosk_settings
) -> None:
    gate, opening = held_open(open_kiosk(kiosk_settings))
    with running_app(window, kiosk_settings, opening) as driver:
        driver.hold("clock", 3.2)
        assert driver.app.root.current == "one_moment"
        gate.set()
        assert driver.wait_for(lambda: driver.app.ready, timeout=30)
        driver.settle()
        assert driver.app.root.current == "staff_pin"
