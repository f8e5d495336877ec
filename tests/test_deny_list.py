"""The deny list: a name matches whatever its case and accents, the guest is sent to reception
without a badge, the hit is audited, and an entry ends on its date or when staff remove it."""

import json
from datetime import timedelta

from kiosk.services.invitations.invite import invite
from kiosk.services.reception.deny_list import (
    add_to_deny_list,
    deny_list,
    remove_from_deny_list,
)
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.on_site import on_site
from kiosk.services.visits.walk_in import walk_in
from tests.builders import DURING, TOMORROW, deny, host_id, request, run, walk_in_guest


def test_a_listed_name_is_sent_to_reception_whatever_its_accents(site) -> None:
    until = DURING + timedelta(days=30)
    add_to_deny_list(site, deny("Jérôme Dupont", "threatened staff", until), "staff:7")
    made = invite(site, request(email=None, name="JEROME  dupont"), "staff:test")
    result = check_in(site, made.token, now=DURING)
    assert (result.badge, result.reason) == (False, "deny_list")
    assert result.guest_display_name == "JEROME d."
    walker = walk_in(site, walk_in_guest(host_id(site), name="jerome DUPONT"), now=DURING)
    assert (walker.badge, walker.reason) == (False, "deny_list")
    assert on_site(site) == []
    with site.unit_of_work() as uow:
        actions = [row.action for row in uow.audit.entries(site.site.id)]
    assert actions.count("deny_list_hit") == 2

    other = invite(site, request(email=None, name="Jérôme Martin"), "staff:test")
    assert check_in(site, other.token, now=DURING).badge


def test_an_entry_ends_on_its_date_or_when_removed(site) -> None:
    entry = add_to_deny_list(
        site, deny("Budi Santoso", "unpaid invoices", DURING + timedelta(hours=1)), "s:7"
    )
    assert [e.name for e in deny_list(site, "staff:7", now=DURING)] == ["Budi Santoso"]
    assert deny_list(site, "staff:7", now=DURING + timedelta(hours=2)) == []
    later = walk_in(
        site, walk_in_guest(host_id(site), name="Budi Santoso"), now=DURING + timedelta(hours=2)
    )
    assert later.badge

    remove_from_deny_list(site, entry, "staff:7")
    assert deny_list(site, "staff:7", now=DURING) == []


def test_deny_commands(site) -> None:
    added = run(
        site,
        "deny",
        "add",
        "--name",
        "Ani Wijaya",
        "--reason",
        "lost badge twice",
        "--id-type",
        "ktp",
        "--id-last4",
        "12ab",
        "--until",
        TOMORROW.isoformat(),
    )
    assert added.exit_code == 0, added.output
    (entry,) = json.loads(run(site, "deny", "list", "--json").stdout)
    assert (entry["name"], entry["id_type"], entry["id_last4"]) == ("Ani Wijaya", "ktp", "12AB")
    assert entry["until"].startswith(str(TOMORROW)), "the ban ends with the day given"
    assert "Ani Wijaya" in run(site, "deny", "list").stdout
    with site.unit_of_work() as uow:
        viewed = [
            row for row in uow.audit.entries(site.site.id) if row.action == "view_verification"
        ]
    assert [row.actor for row in viewed] == ["staff:cli"] * 2, "each listing of ID details"
    assert run(site, "deny", "remove", str(entry["id"])).exit_code == 0
    assert json.loads(run(site, "deny", "list", "--json").stdout) == []
    again = run(site, "deny", "remove", str(entry["id"]))
    assert again.exit_code == 2 and "no deny-list entry" in again.stderr
