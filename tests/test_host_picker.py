"""The desk's host picker for a directory of 500: each host one line of the list (name,
unit, email), a line or a name only one host has chooses them, and anything else chooses
nobody (refused as not in the directory, never a guess)."""

from kiosk.services.directory.hosts import HostView
from kiosk.web.invitation_form import Desk, chosen_host, host_choice


def host(number: int, name: str, unit: str | None = None) -> HostView:
    email = f"host{number}@menara.example"
    return HostView(number, name, email, None, None, unit, "id", True)


DESK = Desk(
    [host(n, f"Tuan Rumah {n}", f"Lantai {n % 40}") for n in range(1, 499)]
    + [host(499, "Budi Santoso", "12A"), host(500, "Budi Santoso")],
    ["kiosk-1"],
)


def test_each_host_is_one_line_of_the_list_and_its_line_chooses_them():
    lines = [host_choice(h) for h in DESK.hosts]
    assert len(set(lines)) == 500
    assert lines[498] == "Budi Santoso (12A) · host499@menara.example"
    assert all(chosen_host(DESK, line) == h.id for line, h in zip(lines, DESK.hosts, strict=True))


def test_a_name_or_email_only_one_host_has_chooses_them_and_a_shared_name_nobody():
    assert chosen_host(DESK, " tuan rumah 7 ") == 7
    assert chosen_host(DESK, "HOST500@menara.example") == 500
    assert chosen_host(DESK, "Budi Santoso") == 0, "two hosts have that name"
    assert chosen_host(DESK, "Tuan") == 0
    assert chosen_host(DESK, "") == 0
