"""The staff PIN: hashed, and locked for longer each time guessing goes on, across kiosks and
restarts."""

import threading

from kiosk.services.lobby.staff_pin import (
    LOCK_SECONDS,
    MAX_TRIES,
    MemoryPinTries,
    StaffGate,
    StoredPinTries,
    hash_pin,
)
from kiosk.services.reception.alerts import open_alerts
from tests.builders import HandClock, run

PIN = "246802"
PIN_HASH = hash_pin(PIN)


def test_guessing_locks_for_longer_each_time_and_every_refusal_is_reported() -> None:
    clock, tries = HandClock(), MemoryPinTries()
    gate = StaffGate(PIN_HASH, tries, clock)
    locks = []
    for _round in range(3):
        answers = [gate.try_pin("0000") for _ in range(MAX_TRIES)]
        assert [a.tries_left for a in answers[:-1]] == list(range(MAX_TRIES - 1, 0, -1))
        locks.append(answers[-1].locked_for)
        assert gate.try_pin(PIN).unlocked is False, "the right PIN waits out the lock too"
        clock.wait(answers[-1].locked_for - 1)
        assert gate.try_pin(PIN).locked_for == 1, "one second before the lock ends"
        clock.wait(1)
    assert locks == [LOCK_SECONDS, 2 * LOCK_SECONDS, 4 * LOCK_SECONDS]
    assert tries.refusals.count("wrong") == 3 * MAX_TRIES and tries.refusals.count("locked") == 6
    assert gate.try_pin(PIN).unlocked
    for _ in range(MAX_TRIES):
        last = gate.try_pin("0000")
    assert last.locked_for == LOCK_SECONDS, "a right PIN starts the delays over"


def test_a_kiosk_without_a_pin_never_opens() -> None:
    gate = StaffGate(None, MemoryPinTries(), HandClock())
    assert not gate.configured
    assert not gate.try_pin("").unlocked and not gate.try_pin(PIN).unlocked


def test_the_lock_holds_across_kiosks_and_restarts_and_is_audited(kiosk) -> None:
    """Guessing at one kiosk, then at another of the same building after a restart, counts as
    one run of guesses."""
    clock = HandClock()

    def fresh_gate() -> StaffGate:
        return StaffGate(PIN_HASH, StoredPinTries(kiosk), clock)

    first = fresh_gate()
    for _ in range(MAX_TRIES - 1):
        first.try_pin("1111")
    answer = fresh_gate().try_pin("1111")
    assert answer.locked_for == LOCK_SECONDS, "the fifth wrong PIN, at another kiosk, locks"
    assert fresh_gate().try_pin(PIN).locked_for == LOCK_SECONDS, "a restart does not unlock"
    clock.wait(LOCK_SECONDS)
    assert fresh_gate().try_pin(PIN).unlocked
    with kiosk.unit_of_work() as uow:
        refused = [
            e.detail for e in uow.audit.entries(kiosk.site.id) if e.action == "staff_pin_refused"
        ]
    assert refused == ["wrong"] * MAX_TRIES + ["locked"]


def test_the_stored_hash_never_holds_the_pin() -> None:
    assert PIN not in PIN_HASH and PIN_HASH.startswith("scrypt$")
    assert hash_pin(PIN) != PIN_HASH, "salted"


def test_the_first_wrong_pins_at_two_kiosks_at_once_both_count(kiosk) -> None:
    """The lock row does not exist yet: two kiosks creating it together must not fail."""
    start, answers = threading.Barrier(2), []

    def guess() -> None:
        start.wait()
        answers.append(StaffGate(PIN_HASH, StoredPinTries(kiosk)).try_pin("1111"))

    threads = [threading.Thread(target=guess) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answer.tries_left for answer in answers) == [MAX_TRIES - 2, MAX_TRIES - 1]


def test_a_lock_tells_reception_and_the_log_and_staff_can_end_it(kiosk, caplog) -> None:
    """A visitor tapping wrong PINs can keep staff mode locked: reception learns of each lock
    (one alert per kiosk, counting them), and staff end it from the command line."""
    clock = HandClock()
    gate = StaffGate(PIN_HASH, StoredPinTries(kiosk), clock)
    for wait in (LOCK_SECONDS, 0):
        for _ in range(MAX_TRIES):
            gate.try_pin("111111")
        clock.wait(wait)
    locks = [(a.reason, a.kiosk_id, a.times) for a in open_alerts(kiosk)]
    assert locks == [("staff_pin_locked", kiosk.settings.kiosk_id, 2)]
    warnings = [r.getMessage() for r in caplog.records if r.name == "kiosk.staff"]
    assert len(warnings) == 2 and warnings[0].startswith("staff mode locked for 60 s")
    assert gate.try_pin(PIN).locked_for, "locked for two minutes now"

    unlocked = run(kiosk, "config", "unlock-pin")
    assert unlocked.stdout == f"staff mode unlocked at every kiosk of {kiosk.site.name}\n"
    assert gate.try_pin(PIN).unlocked
    assert open_alerts(kiosk) == []
    with kiosk.unit_of_work() as uow:
        entries = uow.audit.entries(kiosk.site.id)
    actors = [e.actor for e in entries if e.action == "staff_pin_unlocked"]
    assert actors == ["staff:cli"]
    again = run(kiosk, "config", "unlock-pin")
    assert (again.exit_code, "was not locked" in again.stdout) == (0, True)
