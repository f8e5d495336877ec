"""The staff command line for hosts, invitations, the expected list and the outbox."""

import json
from datetime import timedelta
from pathlib import Path

from tests.builders import TOMORROW, run


def test_hosts_are_added_imported_listed_and_deactivated(site, tmp_path: Path) -> None:
    added = run(
        site,
        "hosts",
        "add",
        "--name",
        "Budi Santoso",
        "--email",
        "budi@menara.example",
        "--unit",
        "12F",
        "--phone",
        "0812 1111 2222",
        "--company",
        "PT Menara Jaya",
        "--lang",
        "en",
    )
    assert added.exit_code == 0, added.output
    again = run(site, "hosts", "add", "--name", "Budi", "--email", "BUDI@menara.example")
    assert again.exit_code == 2 and "already in the directory" in again.stderr
    by_field = run(
        site, "hosts", "add", "--name", "Eka", "--email", "eka@menara.example", "--field", "unit=3A"
    )
    assert by_field.exit_code == 0, by_field.output
    twice = run(
        site,
        *("hosts", "add", "--name", "Fitri", "--email", "fitri@menara.example"),
        *("--unit", "4B", "--field", "unit=5C"),
    )
    assert twice.exit_code == 2 and twice.stderr == "kiosk: unit is given twice\n"

    csv = tmp_path / "hosts.csv"
    csv.write_text(
        "name,email,company\nCitra Lestari,citra@menara.example,PT Lestari\nDodi,not-an-email,\n"
    )
    refused = run(site, "hosts", "import", str(csv))
    assert refused.exit_code == 2 and "line 3: member.email: is not a valid email" in refused.stderr
    imported = run(site, "hosts", "import", str(csv), "--skip-bad")
    assert imported.exit_code == 0 and "imported 1 hosts of 2 rows" in imported.stdout

    listed = json.loads(run(site, "hosts", "list", "--json").stdout)
    assert [h["name"] for h in listed] == ["Budi Santoso", "Citra Lestari", "Eka", "Rina Wijaya"]
    assert (listed[0]["unit"], listed[0]["company"]) == ("12F", "PT Menara Jaya")
    assert listed[2]["unit"] == "3A"
    assert (listed[0]["phone"], listed[0]["language"]) == ("+6281211112222", "en")
    assert listed[1]["company"] == "PT Lestari"

    assert run(site, "hosts", "deactivate", "budi@menara.example").exit_code == 0
    names = [h["name"] for h in json.loads(run(site, "hosts", "list", "--json").stdout)]
    assert "Budi Santoso" not in names
    every = json.loads(run(site, "hosts", "list", "--all", "--json").stdout)
    assert [(h["name"], h["active"]) for h in every if h["name"] == "Budi Santoso"] == [
        ("Budi Santoso", False)
    ]
    refused = run(
        site,
        "invite",
        "--host",
        "budi@menara.example",
        "--name",
        "Ani",
        "--date",
        TOMORROW.isoformat(),
    )
    assert refused.exit_code == 2 and "no longer a host here" in refused.stderr


def test_invite_expected_cancel_and_the_outbox(site, mail_server) -> None:
    day = TOMORROW.isoformat()
    made = run(
        site,
        "invite",
        "--host",
        "rina@menara.example",
        "--name",
        "Siti Rahmawati",
        "--email",
        "siti@tamu.example",
        "--date",
        day,
        "--from",
        "09:00",
        "--to",
        "11:00",
        "--plate",
        "b 1234 xyz",
        "--wifi",
    )
    assert made.exit_code == 0, made.output
    token = made.stdout.split("token: ")[1].split()[0]
    code = made.stdout.split("short code: ")[1].split()[0]
    assert token.startswith("I") and len(code) == 8
    assert "email: 1 sent" in made.stdout
    assert len(mail_server.inbox.messages) == 1

    expected = json.loads(run(site, "expected", "--date", day, "--json").stdout)
    assert [(g["guest_name"], g["host_name"], g["short_code"]) for g in expected] == [
        ("Siti Rahmawati", "Rina Wijaya", code)
    ]
    table = run(site, "expected", "--date", day).stdout
    assert "09:00" in table and "Siti Rahmawati" in table

    mail_server.stop()
    resent = run(site, "invite", "resend", code)
    assert resent.exit_code == 0 and "email: 1 pending" in resent.stdout
    waiting = json.loads(run(site, "outbox", "list", "--json").stdout)
    assert [job["status"] for job in waiting] == ["pending"]
    mail_server.start()
    retried = run(site, "outbox", "retry")
    assert "1 jobs due now" in retried.stdout and "email: 1 sent" in retried.stdout
    assert len(mail_server.inbox.messages) == 2, "the invitation and one resend, nothing twice"

    assert run(site, "invite", "cancel", code).exit_code == 0
    assert json.loads(run(site, "expected", "--date", day, "--json").stdout)[0]["status"] == (
        "cancelled"
    )
    again = run(site, "invite", "cancel", code)
    assert again.exit_code == 2 and "already cancelled" in again.stderr
    missing = run(site, "invite", "--name", "Ani")
    assert missing.exit_code == 2 and "missing --host, --date" in missing.stderr


def test_reception_desk_commands(site) -> None:
    from kiosk.services.invitations.invite import invite
    from tests.builders import open_now

    made = invite(site, open_now(email=None), "staff:test")
    checked = run(site, "checkin", made.short_code)
    assert checked.exit_code == 0
    assert checked.stdout.startswith("checked in Siti R.: badge 1\nbadges: 1 sent\n")
    again = run(site, "checkin", made.token)
    assert "already checked in; same badge" in again.stdout
    walked = run(
        site,
        "walkin",
        "--name",
        "Ahmad Fauzi",
        "--host",
        "rina@menara.example",
        "--type",
        "vendor",
        "--phone",
        "0812 3456 7890",
        "--company",
        "PT Kirim",
    )
    assert walked.stdout.startswith("checked in Ahmad F.: badge 2\n")
    no_contact = run(site, "walkin", "--name", "Dewi", "--host", "rina@menara.example")
    assert (no_contact.exit_code, no_contact.stderr) == (
        2,
        "kiosk: this site asks every walk-in for a phone number or an email address\n",
    )
    email_wanted = {"KIOSK_WALKIN_CONTACT": "email"}
    by_phone = run(
        site,
        "walkin",
        "--name",
        "Dewi",
        "--host",
        "rina@menara.example",
        "--phone",
        "0812 3456 7891",
        env=email_wanted,
    )
    assert by_phone.stderr == "kiosk: this site asks every walk-in for their email\n"
    by_email = run(
        site,
        *("walkin", "--name", "Dewi", "--host", "rina@menara.example", "--email", "d@x.example"),
        *("--type", "event", "--field", "companions=2"),
    )
    assert by_email.stdout.startswith("checked in Dewi: badge 3\n")
    with site.unit_of_work() as uow:
        (dewi,) = site.gateway.find_subjects(uow, site.site.id, "visitor.email", "d@x.example")
        held = site.gateway.by_field(uow, uow.subjects.get(dewi))
    assert held["visitor.companions"] == "2"
    assert len(list(site.settings.badge_dir.glob("badge-*.png"))) == 3
    guests = json.loads(run(site, "onsite", "--json").stdout)
    assert [(g["badge_number"], g["guest_name"]) for g in guests] == [
        (1, "Siti Rahmawati"),
        (2, "Ahmad Fauzi"),
        (3, "Dewi"),
    ]
    assert run(site, "checkout", "2").stdout == "Ahmad F. signed out (badge 2)\n"
    unknown = run(site, "checkout", "99")
    assert unknown.exit_code == 2 and "not one of today's badges" in unknown.stderr
    assert "2 on site" in run(site, "onsite").stdout


def test_an_invitation_with_every_detail_and_the_desk_check_of_its_id(site, tmp_path) -> None:
    """What the host registered is what the guest's ID is checked against, however many times
    the guest tries."""
    invited = run(
        site,
        *("invite", "--host", "rina@menara.example", "--name", "Ahmad Fauzi"),
        *("--email", "ahmad@kirim.example", "--phone", "0812 3456 7890"),
        *("--date", (TOMORROW - timedelta(days=1)).isoformat(), "--until", TOMORROW.isoformat()),
        *("--type", "vendor", "--lang", "en", "--note", "Brings the contract"),
        *("--id-type", "passport", "--id-last4", "7q2z"),
    )
    assert invited.exit_code == 0, invited.output
    code = invited.stdout.split("short code: ")[1].split()[0]
    out = tmp_path / "export"
    run(site, "subject", "export", "--email", "ahmad@kirim.example", "--out", str(out))
    (document,) = [json.loads(path.read_text()) for path in out.glob("*.json")]
    held = {(v["field"], v["purpose"]): v["value"] for v in document["people"][0]["values"]}
    assert held == {
        ("visitor.name", "visitor-vendor-engagement"): "Ahmad Fauzi",
        ("visitor.email", "visitor-vendor-engagement"): "ahmad@kirim.example",
        ("visitor.phone", "visitor-vendor-engagement"): "+6281234567890",
        (
            "visitor.reception_note",
            "visitor-sign-in-services",
        ): "[redacted: written by someone else]",
        ("visitor.id_type", "visitor-verification"): "passport",
        ("visitor.id_last4", "visitor-verification"): "7Q2Z",
        ("visitor.language", "visitor-communications"): "en",
    }
    indonesian = run(
        site,
        *("invite", "--host", "rina@menara.example", "--name", "Budi Santoso"),
        *("--date", TOMORROW.isoformat(), "--lang", "id"),
    )
    assert indonesian.exit_code == 0

    matching = {"KIOSK_VERIFICATION": "id_match"}
    wrong = run(site, "checkin", code, "--id-type", "passport", "--id-last4", "1111", env=matching)
    assert wrong.stdout == "Ahmad F.: please see reception (id_mismatch)\n"
    assert wrong.exit_code == 1, "a script can tell the guest was not checked in"
    again = run(site, "checkin", code, "--id-type", "passport", "--id-last4", "1111", env=matching)
    assert again.stdout == wrong.stdout, "trying twice is no way past the check"
    right = run(site, "checkin", code, "--id-type", "passport", "--id-last4", "7Q2Z", env=matching)
    assert right.stdout.startswith("checked in Ahmad F.: badge 1")
