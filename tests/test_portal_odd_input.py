"""Whatever is typed or posted into any of the portal's forms, the answer is a page, never a
server error: the kinds of input that break web forms, sent to every form field by field."""

from urllib.parse import quote

import pytest

from kiosk.services.invitations.invite import invite
from kiosk.services.visits.check_in import check_in
from tests.builders import open_now
from tests.portal_client import form_token, portal, signed_in, staff_signed_in
from tests.test_portal_staff import DESK, add_staff

ODD = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202etxt.exe",
    "\ufeff",
    "💥" * 50,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "9" * 40,
    "-1",
    "x" * 20_000,
    b"\xed\xa0\x80",
    b"\xff\xfe",
    "\uff32\uff49\uff4e\uff41\uff20\uff4d\uff45\uff4e\uff41",
    "2026-02-30",
    "24:00",
]
"""Empty, control and format characters, a lone surrogate, markup, SQL, paths, huge numbers,
20,000 characters, full-width letters, impossible dates and times; bytes that are not UTF-8 (a
lone surrogate, stray bytes) as a browser could send them."""


def post(client, path: str, form: dict[str, str | bytes]):
    """Posts the form as a browser encodes it, bytes that are not UTF-8 included."""
    body = "&".join(f"{quote(name)}={quote(value)}" for name, value in form.items())
    headers = {"content-type": "application/x-www-form-urlencoded"}
    return client.post(path, content=body.encode(), headers=headers)


FORMS = {
    "/signin": ["email"],
    "/signin/link": ["secret"],
    "/signin/password": ["email", "password"],
    "/invitations/new": [
        "type",
        "day",
        "start",
        "end",
        "name",
        "email",
        "phone",
        "id_type",
        "id_last4",
        "parking_plate",
        "wifi_request",
        "reception_note",
        "language",
    ],
    "/reception/register": ["host", "type", "day", "name", "email"],
    "/admin/staff": ["name", "email", "role"],
    "/admin/staff/reset": ["email"],
    "/admin/staff/remove": ["email"],
}
GOOD = {
    "email": "rina@menara.example",
    "day": "2026-11-30",
    "name": "Siti",
    "role": "reception",
    "type": "meeting",
}


STORED_ON_BOTH = "/invitations/new"
"""The form whose values reach the database most: on PostgreSQL too; the others on SQLite."""


@pytest.mark.parametrize(
    ("database_url", "path"),
    [("sqlite", path) for path in FORMS] + [("postgresql", STORED_ON_BOTH)],
    indirect=["database_url"],
)
def test_odd_input_in_every_field_is_answered_with_a_page(site, mail_server, path):
    """Sign-in forms as a stranger fills them; the others as an admin (who may use them all)."""
    if path.startswith("/signin"):
        client, token_page = portal(site), "/signin"
    else:
        client, token_page = staff_signed_in(site, DESK, add_staff(site, "admin")), "/invitations"
    token = form_token(client, token_page)
    statuses = set()
    for field in FORMS[path]:
        for value in ODD:
            answer = post(client, path, GOOD | {field: value, "csrf": token})
            statuses.add(answer.status_code)
            assert answer.status_code < 500, (path, field, value[:30], answer.text[:300])
    assert statuses - {429}, path  # not only refused for too many tries


def test_odd_ids_in_urls_are_not_found(site, mail_server):
    visit = check_in(site, invite(site, open_now(), "staff:test").id).visit
    client = signed_in(site, mail_server)
    staff = staff_signed_in(site, DESK, add_staff(site))
    token = form_token(staff, "/reception/onsite")
    for odd in ("-1", "0", "99999999999999999999", "1e3", "%00", "٣", "2147483648"):
        assert client.get(f"/invitations/{odd}").status_code == 404
        assert (
            staff.post(f"/reception/visits/{odd}/signout", data={"csrf": token}).status_code == 404
        )
    assert staff.post(
        f"/reception/visits/{visit.id}/nonsense", data={"csrf": token}
    ).status_code in (404, 405)
