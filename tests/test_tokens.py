"""Tokens and short codes: short enough for a small QR code and a quick typist, impossible to
forge or guess; thousands of random and mutated attempts are all refused."""

import random
import string

import pytest

from kiosk.errors import InvitationError
from kiosk.privacy.tokens import CODE_ALPHABET, CODE_LENGTH, Tokens, normalise_code
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.arrival import arrive
from tests.builders import request

TOKENS = Tokens(b"k" * 32, "invitation", "I")
URL_SAFE = string.ascii_letters + string.digits + "-_"


def test_tokens_and_codes_round_trip_and_avoid_look_alikes() -> None:
    for invitation_id in (1, 2, 999, 2**31):
        token = TOKENS.token(invitation_id)
        assert len(token) == 23 and all(c in URL_SAFE for c in token)
        assert TOKENS.id_of(token) == invitation_id
        code = TOKENS.short_code(invitation_id.to_bytes(8, "big"))
        assert len(code) == CODE_LENGTH and not set(code) & set("0O1IL")
        assert normalise_code(f" {code[:4].lower()}-{code[4:]} ") == code
    assert TOKENS.short_code(b"nonce-01") != TOKENS.short_code(b"nonce-02")
    assert Tokens(b"x" * 32, "invitation", "I").id_of(TOKENS.token(1)) is None
    assert Tokens(b"k" * 32, "badge", "B").id_of(TOKENS.token(1)) is None


def mutations(token: str, rng: random.Random):
    for position in range(len(token)):
        for replacement in rng.sample(URL_SAFE, 8):
            if replacement != token[position]:
                yield token[:position] + replacement + token[position + 1 :]
    yield token[:-1]
    yield token + "A"
    yield token.lower()
    yield token.upper()


def test_thousands_of_random_and_mutated_tokens_are_refused() -> None:
    rng = random.Random(20261125)
    genuine = [TOKENS.token(n) for n in range(1, 21)]
    attempts = [m for token in genuine for m in mutations(token, rng)]
    attempts += ["I" + "".join(rng.choices(URL_SAFE, k=22)) for _ in range(2000)]
    attempts = [a for a in attempts if a not in genuine]
    assert len(attempts) > 5000
    assert [a for a in attempts if TOKENS.id_of(a) is not None] == []


def test_random_codes_and_tokens_never_open_an_invitation(site) -> None:
    made = invite(site, request(email=None), "staff:test")
    rng = random.Random(7)
    guesses = ["".join(rng.choices(CODE_ALPHABET, k=CODE_LENGTH)) for _ in range(300)]
    guesses += list(mutations(made.token, rng))[:300]
    for guess in guesses:
        if guess in (made.token, made.short_code):
            continue
        with pytest.raises(InvitationError) as caught:
            arrive(site, guess)
        assert caught.value.reason == "forged", guess
