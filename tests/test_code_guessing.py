"""Guessing codes at a kiosk: a guest who mistypes is not held up, a script is held to about
one code a minute, and reception gets one alert that counts the misses, not a flood."""

from dataclasses import replace

from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.code_throttle import FREE_MISSES, LONGEST_HOLD, CodeThrottle
from kiosk.services.lobby.flow import LobbyFlow, Step
from kiosk.services.reception.alerts import open_alerts
from tests.builders import HandClock, open_now

FORGED = "I" + "A" * 22


def test_a_guest_who_mistypes_a_few_times_is_not_held_up() -> None:
    watch = HandClock()
    throttle = CodeThrottle(watch)
    for _ in range(FREE_MISSES):
        assert not throttle.holding()
        throttle.missed()
    assert not throttle.holding()
    throttle.matched()
    throttle.missed()
    assert not throttle.holding(), "a right code ends the run of misses"


def test_each_further_miss_holds_codes_back_twice_as_long_up_to_a_minute() -> None:
    watch = HandClock()
    throttle = CodeThrottle(watch)
    for _ in range(FREE_MISSES):
        throttle.missed()
    holds = []
    for _ in range(8):
        assert throttle.missed() is (not holds), "the first hold is announced once"
        held = 0
        while throttle.holding():
            watch.wait(1)
            held += 1
        holds.append(held)
    assert holds == [2, 4, 8, 16, 32, 60, 60, 60]
    watch.wait(11 * 60)
    throttle.missed()
    assert not throttle.holding(), "ten quiet minutes start the count afresh"


def test_a_script_typing_codes_all_hour_has_about_one_a_minute_read() -> None:
    watch = HandClock()
    throttle = CodeThrottle(watch)
    read = 0
    for _ in range(3600 * 10):
        if not throttle.holding():
            read += 1
            throttle.missed()
        watch.wait(0.1)
    assert read <= FREE_MISSES + 60 + 6, read


def test_wrong_codes_at_the_kiosk_fold_into_one_alert_and_then_wait(site) -> None:
    watch = HandClock()
    flow = LobbyFlow(site, CodeThrottle(watch))
    for _ in range(FREE_MISSES + 1):
        assert flow.scanned(FORGED).reason == "forged"
        flow.reset()
    alerts = {alert.reason: alert.times for alert in open_alerts(site)}
    assert alerts == {"forged": FREE_MISSES + 1, "too_many_codes": 1}

    guest = invite(site, open_now(), "staff:test")
    held = flow.scanned(guest.token)
    assert (held.step, held.reason) == (Step.RECEPTION, "too_many_codes")
    flow.reset()
    assert {alert.reason: alert.times for alert in open_alerts(site)} == alerts, (
        "a held code is not read, so it files nothing"
    )
    watch.wait(LONGEST_HOLD.total_seconds())
    assert flow.scanned(guest.token).step is Step.NOTICE


def test_the_same_refusal_at_another_kiosk_is_its_own_alert(site) -> None:
    LobbyFlow(site).scanned(FORGED)
    south = replace(site, settings=replace(site.settings, kiosk_id="lobby-south"))
    LobbyFlow(south).scanned(FORGED)
    assert sorted((a.kiosk_id, a.times) for a in open_alerts(site)) == [
        (site.settings.kiosk_id, 1),
        ("lobby-south", 1),
    ]
