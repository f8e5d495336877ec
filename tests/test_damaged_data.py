"""One damaged value takes nothing else down: the roll call, the printed evacuation list and
signing out go on, the value reads as unreadable, the log says which without its content,
and a check names every damaged value."""

import logging

from kiosk.privacy.gateway import UNREADABLE
from kiosk.services.invitations.invite import invite
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from kiosk.services.visits.on_site import on_site
from tests.builders import damage_value, open_now, run


def test_one_damaged_name_leaves_the_roll_call_and_the_kiosk_working(site, caplog) -> None:
    siti = check_in(site, invite(site, open_now(email=None), "staff:test").id).visit
    budi = check_in(site, invite(site, open_now(name="Budi Santoso", email=None), "t").id)
    damage_value(site, siti.guest_subject_id, "visitor.name")
    with caplog.at_level(logging.WARNING):
        guests = on_site(site)
    assert [guest.guest_name for guest in guests] == [UNREADABLE, "Budi Santoso"]
    assert "visitor.name" in caplog.text and "Siti" not in caplog.text

    listed = run(site, "onsite")
    assert (
        listed.exit_code == 0 and "Budi Santoso" in listed.stdout and "2 on site" in listed.stdout
    )
    printed = run(site, "onsite", "--print")
    assert printed.exit_code == 0 and printed.stdout.startswith("roll call of 2 printed")
    checked = run(site, "data", "check")
    assert checked.exit_code == 2
    person = checked.stdout.split("person ")[1].split()[0]
    assert checked.stdout == f"damaged: visitor.name for visitor-identification, person {person}\n"
    assert checked.stderr.startswith("kiosk: 1 of ") and "do not decrypt" in checked.stderr
    left = check_out(site, siti.id)
    assert left.guest_display_name == "", "the kiosk greets her without the unreadable name"
    assert [guest.guest_name for guest in on_site(site)] == ["Budi Santoso"]
    assert budi.badge


def test_the_check_passes_when_nothing_is_damaged(site) -> None:
    check_in(site, invite(site, open_now(), "staff:test").id)
    checked = run(site, "data", "check")
    assert checked.exit_code == 0
    assert checked.stdout == "all 3 encrypted values decrypt\n", (
        "the guest's name and email, the host's email"
    )
