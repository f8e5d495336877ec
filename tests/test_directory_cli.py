"""The staff command line for hosts, invitations, the expected list and the outbox."""

import json
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
        "--lang",
        "en",
    )
    assert added.exit_code == 0, added.output
    again = run(site, "hosts", "add", "--name", "Budi", "--email", "BUDI@menara.example")
    assert again.exit_code == 2 and "already in the directory" in again.stderr

    csv = tmp_path / "hosts.csv"
    csv.write_text("name,email,company\nCitra Lestari,citra@menara.example,PT Lestari\n")
    imported = run(site, "hosts", "import", str(csv))
    assert imported.exit_code == 0 and "imported 1 hosts of 1 rows" in imported.stdout

    listed = json.loads(run(site, "hosts", "list", "--json").stdout)
    assert [h["name"] for h in listed] == ["Budi Santoso", "Citra Lestari", "Rina Wijaya"]
    assert listed[0]["unit"] == "12F" and listed[1]["company"] == "PT Lestari"

    assert run(site, "hosts", "deactivate", "budi@menara.example").exit_code == 0
    names = [h["name"] for h in json.loads(run(site, "hosts", "list", "--json").stdout)]
    assert "Budi Santoso" not in names
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
        "--company",
        "PT Kirim",
    )
    assert walked.stdout.startswith("checked in Ahmad F.: badge 2\n")
    assert len(list(site.settings.badge_dir.glob("badge-*.png"))) == 2
    guests = json.loads(run(site, "onsite", "--json").stdout)
    assert [(g["badge_number"], g["guest_name"]) for g in guests] == [
        (1, "Siti Rahmawati"),
        (2, "Ahmad Fauzi"),
    ]
    assert run(site, "checkout", "2").stdout == "Ahmad F. signed out (badge 2)\n"
    unknown = run(site, "checkout", "99")
    assert unknown.exit_code == 2 and "not one of today's badges" in unknown.stderr
    assert "1 on site" in run(site, "onsite").stdout
