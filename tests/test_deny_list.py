"""The deny list: a name matches whatever its case, accents and look-alike letters, the guest
is sent to reception without a badge, the hit is audited, and an entry ends on its date or
when staff remove it."""

import json
import unicodedata
from datetime import timedelta

import pytest

from kiosk.keys import load_site_key
from kiosk.privacy.crypto import FieldCipher
from kiosk.privacy.field_kinds import LOOKUP_FORMS
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.invitations.invite import invite
from kiosk.services.screening.deny_list import (
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
    result = check_in(site, made.id, now=DURING)
    assert (result.badge, result.reason) == (False, "deny_list")
    assert result.guest_display_name == "JEROME d."
    walker = walk_in(site, walk_in_guest(host_id(site), name="jerome DUPONT"), now=DURING)
    assert (walker.badge, walker.reason) == (False, "deny_list")
    assert on_site(site) == []
    with site.unit_of_work() as uow:
        actions = [row.action for row in uow.audit.entries(site.site.id)]
    assert actions.count("deny_list_hit") == 2

    other = invite(site, request(email=None, name="Jérôme Martin"), "staff:test")
    assert check_in(site, other.id, now=DURING).badge


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


@pytest.mark.parametrize(
    "typed",
    [
        "\u0406v\u0430n \u0420\u0435tr\u043ev",  # Cyrillic I, a, P, e, o among Latin letters
        "\u0131van petrov",  # the dotless i of the kiosk's own keyboard
        "IVAN PETROV",
        "Iv\u00e1n Petrov",
        "\uff29van Petrov",  # a fullwidth I
    ],
)
def test_a_listed_name_is_not_passed_by_look_alike_letters(site, typed: str) -> None:
    add_to_deny_list(
        site, deny("Ivan Petrov", "threatened staff", DURING + timedelta(days=1)), "staff:7"
    )
    walker = walk_in(site, walk_in_guest(host_id(site), name=typed), now=DURING)
    assert (walker.badge, walker.reason) == (False, "deny_list")


def test_a_namesake_with_other_letters_still_enters(site) -> None:
    add_to_deny_list(
        site, deny("Ivan Petrov", "threatened staff", DURING + timedelta(days=1)), "staff:7"
    )
    for name in ("Iwan Petrov", "Ivan Petrova", "Ivana Petrov"):
        assert walk_in(site, walk_in_guest(host_id(site), name=name), now=DURING).badge, name


def test_a_list_kept_before_look_alikes_were_compared_is_compared_so_after_an_upgrade(
    site, make_settings
) -> None:
    """A site upgraded from a version that compared names by case and accents only: its
    entries' look-up hashes are taken anew at the first start, else the list would stop
    matching even the plain spelling."""
    add_to_deny_list(
        site, deny("Ivan Petrov", "threatened staff", DURING + timedelta(days=1)), "staff:7"
    )
    cipher = FieldCipher(load_site_key(site.settings.key_file))
    first_form = unicodedata.normalize("NFKD", "ivan petrov")
    with site.unit_of_work() as uow:
        for value_id, _, stored in list(uow.personal_values.with_lookup(site.site.id)):
            if stored.field == "visitor.deny_name":
                uow.personal_values.set_lookup_hash(
                    value_id, cipher.lookup_hash(stored.field, first_form)
                )
        uow.sites.set_lookup_forms(site.site.id, 1)
        uow.commit()

    upgraded = open_kiosk(site.settings)
    for name in ("Ivan Petrov", "\u0406van Petrov"):
        walker = walk_in(upgraded, walk_in_guest(host_id(upgraded), name=name), now=DURING)
        assert (walker.badge, walker.reason) == (False, "deny_list"), name
    assert open_kiosk(site.settings).site.lookup_forms == LOOKUP_FORMS
