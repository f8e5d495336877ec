"""Files uploaded to the portal: a host's event guests and an admin's host directory. The file
is checked first, every bad row shown by its line in the reader's language and nothing saved;
then the same file is imported, whole or its good rows only. On both backends."""

import re

from kiosk.services.directory.hosts import list_hosts
from kiosk.services.reception.expected import expected_guests
from kiosk.web.uploads import LARGEST_UPLOAD
from tests.builders import TOMORROW
from tests.portal_client import form_token, portal, signed_in, staff_signed_in
from tests.test_portal_staff import _view_details, add_admin, add_staff

GUESTS = "/invitations/import"
DIRECTORY = "/reception/hosts/import"
PROBLEM_ROW = re.compile(r"<tr><td>(\d+)</td><td dir=\"auto\">([^<]+)</td></tr>")
CARRIED = re.compile(r'name="carried" value="([^"]+)"')


def upload(client, path: str, data: bytes, name: str = "event.csv"):
    token = form_token(client, path)
    return client.post(path, data={"csrf": token}, files={"file": (name, data, "text/csv")})


def import_checked(client, path: str, checked, skip_bad: bool = False):
    """What *Import* on the checked page posts: the same file, carried in the page."""
    fields = {
        "csrf": form_token(client, path),
        "step": "import",
        "name": "event.csv",
        "carried": CARRIED.search(checked.text).group(1),
    }
    return client.post(path, data=fields | ({"skip_bad": "yes"} if skip_bad else {}))


def guest_names(site) -> set[str]:
    return {guest.guest_name for guest in expected_guests(site, TOMORROW)}


def event_file(*rows: str, header: str = "date,name,email") -> bytes:
    return "\n".join([header, *rows]).encode()


def test_a_host_checks_an_event_file_sees_each_bad_line_then_imports_the_good_rows(
    site, mail_server
):
    client = signed_in(site, mail_server)
    day = TOMORROW.isoformat()
    file = event_file(
        f"{day},Siti Rahmawati,siti@tamu.example",
        f"{day},สมชาย ใจดี,somchai@tamu.example",
        "tomorrow,Budi,budi@tamu.example",
        f"{day},Citra",
        f"{day},Siti Rahmawati,siti@tamu.example",
    )

    checked = upload(client, GUESTS, file)

    assert checked.status_code == 200
    problems = dict(PROBLEM_ROW.findall(checked.text))
    assert problems == {
        "4": "date: tomorrow is not a date like 2026-12-01.",
        "5": "This line has 2 values for 3 columns.",
        "6": "This repeats line 2.",
    }
    assert guest_names(site) == set(), "nothing is saved by the check"
    assert "To fix: 3. Ready: 2." in checked.text

    imported = import_checked(client, GUESTS, checked, skip_bad=True)

    assert imported.status_code == 303
    assert imported.headers["location"] == "/invitations?done=imported&count=2"
    assert guest_names(site) == {"Siti Rahmawati", "สมชาย ใจดี"}
    listed = client.get(imported.headers["location"]).text
    assert "Guests invited from the file: 2." in listed and "สมชาย ใจดี" in listed
    assert "upload_guests:5" in _view_details(site), "the check is an audited view"


def test_a_file_with_a_bad_row_is_not_imported_without_skipping_it(site, mail_server):
    client = signed_in(site, mail_server)
    file = event_file(f"{TOMORROW.isoformat()},Siti Rahmawati,siti@tamu.example", "x,Budi,b@x.id")
    checked = upload(client, GUESTS, file)

    again = import_checked(client, GUESTS, checked)

    assert again.status_code == 200 and "To fix: 1. Ready: 1." in again.text
    assert guest_names(site) == set()


def test_a_clean_file_imports_whole_and_bad_rows_speak_the_readers_language(site, mail_server):
    client = signed_in(site, mail_server)
    file = event_file(f"{TOMORROW.isoformat()},Siti Rahmawati,siti@tamu.example")
    checked = upload(client, GUESTS, file)
    assert "Every row is ready" in checked.text and "Import every row (1)" in checked.text
    assert import_checked(client, GUESTS, checked).status_code == 303
    assert guest_names(site) == {"Siti Rahmawati"}

    client.cookies.set("kiosk_lang", "id")
    said = dict(PROBLEM_ROW.findall(upload(client, GUESTS, event_file("x,Budi,b@x.id")).text))
    assert said["2"].startswith("date: x ") and "2026-12-01" in said["2"]
    assert "is not a date" not in said["2"], "Indonesian, not the log's English"


def test_a_file_near_the_largest_upload_goes_through_both_steps(site, mail_server):
    """Carried back in the page, the checked file still fits the portal's largest form."""
    client = signed_in(site, mail_server)
    row = f"{TOMORROW.isoformat()},Siti Rahmawati,siti@tamu.example"
    file = event_file(row) + b"\n" * (LARGEST_UPLOAD - 200)  # blank lines are skipped

    checked = upload(client, GUESTS, file)
    imported = import_checked(client, GUESTS, checked)

    assert imported.status_code == 303, imported.text
    assert guest_names(site) == {"Siti Rahmawati"}


def test_a_host_uploads_only_their_own_guests(site, mail_server):
    client = signed_in(site, mail_server)
    file = event_file(
        f"budi@menara.example,{TOMORROW.isoformat()},Siti,siti@tamu.example",
        header="host_email,date,name,email",
    )
    refused = upload(client, GUESTS, file)
    assert refused.status_code == 400 and "host_email" in refused.text
    assert guest_names(site) == set()


def test_no_file_a_damaged_carry_and_a_file_too_large_are_said_not_crashed(site, mail_server):
    client = signed_in(site, mail_server)
    empty = client.post(
        GUESTS, data={"csrf": form_token(client, GUESTS)}, files={"file": ("", b"")}
    )
    assert empty.status_code == 400 and "Choose a CSV file" in empty.text

    damaged = client.post(
        GUESTS,
        data={"csrf": form_token(client, GUESTS), "step": "import", "carried": "not*base64"},
    )
    assert damaged.status_code == 400 and "Choose a CSV file" in damaged.text

    large = upload(client, GUESTS, b"date,name,email\n" + b"x" * LARGEST_UPLOAD)
    assert large.status_code == 400 and "split it into smaller files" in large.text

    not_csv = upload(client, GUESTS, b"\x89PNG\r\n\x1a\n\x00\x00")
    assert not_csv.status_code == 400 and "not UTF-8" in not_csv.text


def test_an_admin_adds_hosts_from_a_file_and_reception_finds_no_such_page(site):
    desk = staff_signed_in(site, "dewi@menara.example", add_staff(site))
    assert desk.get(DIRECTORY).status_code == 404
    assert "/reception/hosts/import" not in desk.get("/reception/hosts").text

    admin = staff_signed_in(site, "ayu@menara.example", add_admin(site))
    file = b"name,email,unit\nBayu Pratama,bayu@menara.example,12A\nEka,eka@,3B\n"
    checked = upload(admin, DIRECTORY, file, "hosts.csv")
    assert [line for line, _ in PROBLEM_ROW.findall(checked.text)] == ["3"]

    added = import_checked(admin, DIRECTORY, checked, skip_bad=True)

    assert added.headers["location"] == "/reception/hosts?done=imported&count=1"
    assert "Hosts added from the file: 1." in admin.get(added.headers["location"]).text
    emails = {host.email for host in list_hosts(site)}
    assert "bayu@menara.example" in emails and "eka@" not in emails


def test_a_host_is_sent_to_sign_in_and_a_forged_form_does_nothing(site, mail_server):
    stranger = portal(site)
    assert stranger.get(GUESTS).headers["location"] == "/signin"
    client = signed_in(site, mail_server)
    forged = client.post(GUESTS, data={"csrf": "x"}, files={"file": ("a.csv", event_file())})
    assert forged.status_code == 403
