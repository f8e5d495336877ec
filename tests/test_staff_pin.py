"""The staff PIN: hashed, and locked for longer each time guessing goes on."""

from kiosk.services.staff import LOCK_SECONDS, MAX_TRIES, StaffGate, hash_pin

PIN = "2468"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_guessing_locks_for_longer_each_time_and_every_refusal_is_reported() -> None:
    clock, refusals = FakeClock(), []
    gate = StaffGate(hash_pin(PIN), clock, refused=refusals.append)
    locks = []
    for _round in range(3):
        answers = [gate.try_pin("0000") for _ in range(MAX_TRIES)]
        locks.append(answers[-1].locked_for)
        assert gate.try_pin(PIN).unlocked is False, "the right PIN waits out the lock too"
        clock.now += answers[-1].locked_for
    assert locks == [LOCK_SECONDS, 2 * LOCK_SECONDS, 4 * LOCK_SECONDS]
    assert refusals.count("wrong") == 3 * MAX_TRIES and refusals.count("locked") == 3
    assert gate.try_pin(PIN).unlocked
    for _ in range(MAX_TRIES):
        last = gate.try_pin("0000")
    assert last.locked_for == LOCK_SECONDS, "a right PIN starts the delays over"


def test_the_stored_hash_never_holds_the_pin() -> None:
    stored = hash_pin(PIN)
    assert PIN not in stored and stored.startswith("scrypt$")
    assert hash_pin(PIN) != stored, "salted"
