"""Two buildings on one PostgreSQL database, each with its own site, key, kiosks, hosts and
staff: through the commands and the portal, neither ever sees the other's guests, badge
numbers, deny list and alerts, audit chain, outbox, staff, purge or portal sessions."""

import json
from datetime import timedelta

import pytest

from kiosk import clock
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from kiosk.services.reception.alerts import open_alerts
from kiosk.services.rights.requests import PersonQuery
from tests.builders import member, open_now, run
from tests.portal_client import form_token, portal, signed_in, staff_signed_in
from tests.privacy_helpers import held_bytes

ON_A_SERVER = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
SITI = "siti@tamu.example"
BUDI = "budi@tamu.example"


@pytest.fixture
def second_building(site, database_url, make_settings, mail_server, tmp_path):
    """Gedung Contoh, on the same database as ``site``: its own data folder (and so its own
    key file), its own host."""
    settings = make_settings(
        **{
            "database.url": database_url,
            "site.name": "Gedung Contoh",
            "paths.data_dir": str(tmp_path / "contoh"),
            "mail.smtp_url": mail_server.url,
            "mail.from": "Resepsionis <resepsionis@contoh.example>",
        }
    )
    building = open_kiosk(settings)
    with building.unit_of_work() as uow:
        add_host(uow, building, member("Agus Salim", "agus@contoh.example"), "staff:test")
        uow.commit()
    return building


def lines_of(site, *command: str) -> str:
    result = run(site, *command)
    assert result.exit_code == 0, result.output
    return result.output


@ON_A_SERVER
def test_two_buildings_on_one_database_never_see_each_other(site, second_building, mail_server):
    a, b = site, second_building
    assert a.site.id != b.site.id and a.site.key_check != b.site.key_check
    siti = invite(a, open_now(name="Siti Rahmawati", email=SITI), "staff:test")
    budi = open_now(name="Budi Santoso", email=BUDI, host_email="agus@contoh.example")
    budi = invite(b, budi, "staff:test")

    assert "Agus" not in lines_of(a, "hosts", "list") and "Rina" not in lines_of(b, "hosts", "list")
    elsewhere = run(
        b,
        "invite",
        "--host",
        "rina@menara.example",
        "--name",
        "Dewi",
        "--date",
        open_now().day.isoformat(),
    )
    assert elsewhere.exit_code == 2, "a host of one building invites nobody into the other"
    expected_a, expected_b = lines_of(a, "expected"), lines_of(b, "expected")
    assert "Siti" in expected_a and "Budi" not in expected_a
    assert "Budi" in expected_b and "Siti" not in expected_b
    assert run(b, "checkin", siti.token).exit_code == 2, "a token of the other key is forged"

    assert "badge 1" in lines_of(a, "checkin", siti.token)
    assert "badge 1" in lines_of(b, "checkin", budi.token), "each building numbers its own"
    assert "Budi" not in lines_of(a, "onsite") and "Siti" not in lines_of(b, "onsite")
    assert "Siti" in lines_of(a, "checkout", "1")
    assert "Budi" in lines_of(b, "onsite"), "badge 1 of one building signs out nobody else"
    nobody = run(a, "subject", "export", "--email", BUDI)
    assert nobody.exit_code == 2 and "nobody matches" in nobody.stderr

    lines_of(a, "deny", "add", "--name", "Dewi Lestari", "--reason", "banned here")
    walked_a = run(
        a,
        "walkin",
        "--name",
        "Dewi Lestari",
        "--host",
        "rina@menara.example",
        "--phone",
        "0812 1111 2222",
    )
    walked_b = run(
        b,
        "walkin",
        "--name",
        "Dewi Lestari",
        "--host",
        "agus@contoh.example",
        "--phone",
        "0812 1111 2222",
    )
    assert walked_b.exit_code == 0 and "badge 2" in walked_b.output, walked_b.output
    assert "please see reception" in walked_a.output, walked_a.output
    assert [alert.reason for alert in open_alerts(a)] and open_alerts(b) == []
    assert "Dewi" not in lines_of(b, "deny", "list")

    chain_a, chain_b = lines_of(a, "audit", "verify"), lines_of(b, "audit", "verify")
    assert chain_a != chain_b
    with a.unit_of_work() as uow:
        references_a = {entry.subject_ref for entry in uow.audit.entries(a.site.id)} - {""}
    with b.unit_of_work() as uow:
        references_b = {entry.subject_ref for entry in uow.audit.entries(b.site.id)} - {""}
    assert references_a and references_b and not references_a & references_b

    made = lines_of(
        a,
        "staff",
        "add",
        "--name",
        "Dewi Ayu",
        "--email",
        "dewi@menara.example",
        "--role",
        "reception",
    )
    password = made.rsplit(": ", 1)[1].strip()
    desk = staff_signed_in(a, "dewi@menara.example", password)
    expected_at_the_desk = desk.get("/reception/expected").text
    assert "Siti" in expected_at_the_desk and "Budi" not in expected_at_the_desk
    assert "dewi@menara.example" not in lines_of(b, "staff", "list")
    other_desk = portal(b)
    form = {"email": "dewi@menara.example", "password": password}
    form["csrf"] = form_token(other_desk, "/signin/password")
    assert other_desk.post("/signin/password", data=form).status_code != 303
    jobs_a = {job["id"] for job in json.loads(lines_of(a, "outbox", "list", "--all", "--json"))}
    jobs_b = {job["id"] for job in json.loads(lines_of(b, "outbox", "list", "--all", "--json"))}
    assert jobs_a and jobs_b and not jobs_a & jobs_b

    host = signed_in(a, mail_server)
    assert host.get("/invitations").status_code == 200
    other_portal = portal(b)
    other_portal.cookies.update(host.cookies)
    assert other_portal.get("/invitations").headers["location"] == "/signin"

    lines_of(b, "checkout", "1")
    clock.set_now(clock.utc_now() + timedelta(days=400))
    lines_of(a, "purge")
    assert people(a, SITI) == 0
    assert people(b, BUDI) == 1, "one building's purge leaves the other's"
    assert held_bytes(b, PersonQuery(email=BUDI))
    assert "failed  purge" not in run(a, "health").output
    assert "failed  purge     never ran" in run(b, "health").output


def people(kiosk, email: str) -> int:
    with kiosk.unit_of_work() as uow:
        return len(kiosk.gateway.find_subjects(uow, kiosk.site.id, "visitor.email", email))
