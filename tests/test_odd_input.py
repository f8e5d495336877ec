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
