"""Odd inputs a person can give are refused in one line, exit 2, never an unexpected error:
dates in the year 1 or 9999, numbers beyond what the database keeps, a CSV value of 200 KiB; a
valid CSV with a line break inside quotes is read as one."""

from datetime import date

import pytest

from kiosk.services.reception.expected import expected_guests
from tests.builders import TOMORROW, run

INVITE = ("invite", "--host", "rina@menara.example", "--name", "Siti Rahmawati")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ((*INVITE, "--date", "0001-01-01"), "the visit would be over already"),
        ((*INVITE, "--date", "9999-12-31"), "a visit must end within 365 days from today"),
        (
            (*INVITE, "--date", TOMORROW.isoformat(), "--until", "9999-12-31"),
            "a visit must end within 365 days from today",
        ),
        (("checkout", "99999999999999999999999"), "this is not one of today's badges"),
        (("checkout", "²"), "this is not one of today's badges"),
        (("subject", "export", "--visit", "99999999999999999999"), "is not in the range"),
        (("deny", "remove", "99999999999999999999"), "is not in the range"),
    ],
)
def test_an_odd_value_is_one_line_and_exit_2(site, args, said) -> None:
    result = run(site, *args)
    assert result.exit_code == 2, result.output
    assert said in result.stderr and result.stderr.count("\n") == 1


def test_a_longer_window_is_a_setting(site) -> None:
    long_event = run(
        site,
        *INVITE,
        *("--date", TOMORROW.isoformat(), "--until", date(TOMORROW.year + 2, 1, 1).isoformat()),
        env={"KIOSK_LONGEST_INVITATION_DAYS": "1000"},
    )
    assert long_event.exit_code == 0, long_event.output


def test_a_csv_value_of_200_kib_is_a_bad_line_and_a_quoted_line_break_is_a_value(
    site, tmp_path
) -> None:
    day = TOMORROW.isoformat()
    huge = tmp_path / "huge.csv"
    huge.write_text(
        "host_email,date,name,reception_note\n"
        f"rina@menara.example,{day},Siti Rahmawati,{'x' * 200_000}\n",
        encoding="utf-8",
    )
    refused = run(site, "invite", "import", str(huge))
    assert refused.exit_code == 2 and "line 2: is not CSV (field larger than field limit" in (
        refused.stderr
    )
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(
        "host_email,date,name,reception_note\n"
        f'rina@menara.example,{day},Siti Rahmawati,"Lantai 12\nRuang rapat B"\n'
        f"rina@menara.example,{day},Budi Santoso,\n",
        encoding="utf-8",
    )
    imported = run(site, "invite", "import", str(quoted))
    assert imported.exit_code == 0, imported.output
    assert "imported 2 invitations of 2 rows" in imported.stdout
    assert sorted(g.guest_name for g in expected_guests(site, TOMORROW)) == [
        "Budi Santoso",
        "Siti Rahmawati",
    ]


DAYS_NO_CALENDAR_REACHES = ["0001-01-01", "9999-12-31"]
COMMANDS_WITH_A_DAY = [  # an invitation's day is refused as past or too far (above)
    ["expected", "--date"],
    ["deny", "add", "--name", "Ani", "--reason", "Mencuri", "--until"],
    ["subject", "hold", "--email", "rina@menara.example", "--reason", "Perkara", "--until"],
]


@pytest.mark.parametrize("day", DAYS_NO_CALENDAR_REACHES)
@pytest.mark.parametrize("command", COMMANDS_WITH_A_DAY, ids=lambda c: " ".join(c[:2]))
def test_a_day_no_calendar_reaches_is_a_one_line_refusal(site, command, day) -> None:
    """``expected --date 9999-12-31`` used to exit 1 with an unexpected error."""
    result = run(site, *command, day)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"kiosk: {day} is not a day the kiosk can use: give one between 1970 and 2999\n"
    )


@pytest.mark.parametrize("day", DAYS_NO_CALENDAR_REACHES)
def test_a_day_no_calendar_reaches_is_refused_on_every_page(site, mail_server, day) -> None:
    """Reception's Expected with ?date=9999-12-31 used to answer 500."""
    from tests.portal_client import form_token, invite_form, signed_in, staff_signed_in
    from tests.test_portal_staff import DESK, add_staff

    desk = staff_signed_in(site, DESK, add_staff(site))
    expected = desk.get(f"/reception/expected?date={day}")
    deny = {"name": "Ani", "reason": "Mencuri", "until": day}
    denied = desk.post("/reception/deny", data=deny | {"csrf": form_token(desk, "/reception/deny")})
    host = signed_in(site, mail_server)
    invited = host.post("/invitations/new", data=invite_form(host, day=day))
    for answer in (expected, denied):
        assert answer.status_code == 400
        assert "Give a day between the years 1970 and 2999" in answer.text
    assert invited.status_code == 400
    assert "already over" in invited.text or "within 365 days" in invited.text
