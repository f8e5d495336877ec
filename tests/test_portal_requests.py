"""``/admin/requests``: an admin finds the person a request names, downloads what is held,
holds it and ends the hold, and erases it, the on-site rule kept; each step is the command
line's service under the admin's name, and to anyone else the page does not exist. On both
backends."""

import json
from datetime import timedelta

from kiosk.services.directory.hosts import host_by_email
from tests.builders import TODAY, found_in_database
from tests.portal_client import form_token, staff_signed_in
from tests.privacy_helpers import held_bytes
from tests.test_portal_staff import ADMIN_EMAIL, DESK, YES, add_admin, add_staff, audit_actors
from tests.test_subject_rights import SITI, guest_with_history

PAGE = "/admin/requests"
SITI_FORM = {"email": "siti@tamu.example", "phone": "", "visit": ""}


def test_reception_does_not_see_the_request_desk(site):
    desk = staff_signed_in(site, DESK, add_staff(site))
    token = form_token(desk, "/reception/expected")
    assert desk.get(PAGE).status_code == 404
    for step in ("", "/export", "/erase", "/hold", "/release"):
        assert desk.post(PAGE + step, data=SITI_FORM | {"csrf": token}).status_code == 404


def test_an_admin_finds_the_person_and_downloads_what_is_held(site):
    guest_with_history(site)
    admin = staff_signed_in(site, ADMIN_EMAIL, add_admin(site))
    token = form_token(admin, PAGE)

    nobody = admin.post(PAGE, data={"email": "", "phone": "", "visit": "", "csrf": token})
    unknown = admin.post(PAGE, data=SITI_FORM | {"email": "nobody@x.example", "csrf": token})
    not_a_visit = admin.post(PAGE, data={"visit": "12a", "csrf": token})
    found = admin.post(PAGE, data=SITI_FORM | {"csrf": token})

    assert nobody.status_code == 400 and "email, phone number or visit number" in nobody.text
    assert unknown.status_code == 400 and "Nobody matches" in unknown.text
    assert not_a_visit.status_code == 400
    assert found.status_code == 200
    assert found.text.count("Siti Rahmawati") == 2, "one person per visit she was invited to"
    assert "in the building now" in found.text and "Budi" not in found.text

    page = admin.post(f"{PAGE}/export", data=SITI_FORM | {"kind": "page", "csrf": token})
    as_json = admin.post(f"{PAGE}/export", data=SITI_FORM | {"kind": "json", "csrf": token})
    assert page.headers["content-disposition"] == 'attachment; filename="subject-export.html"'
    assert "Your data" in page.text and "Siti Rahmawati" in page.text
    document = json.loads(as_json.text)
    assert len(document["people"]) == 2 and "Budi" not in as_json.text
    admin_actor = f"staff:{host_by_email(site, ADMIN_EMAIL).id}"
    assert audit_actors(site, "export").count(admin_actor) == 4, "two exports, two people each"
    assert audit_actors(site, "portal_view").count(admin_actor) >= 2, "the look-up is a view"


def test_an_admin_holds_releases_and_erases_with_the_on_site_rule(site, database_url):
    guest_with_history(site)
    forms = held_bytes(site, SITI)
    admin = staff_signed_in(site, ADMIN_EMAIL, add_admin(site))
    token = form_token(admin, PAGE)
    siti = SITI_FORM | {"csrf": token}
    until = (TODAY + timedelta(days=40)).isoformat()

    no_reason = admin.post(f"{PAGE}/hold", data=siti | {"reason": " ", "until": until})
    held = admin.post(f"{PAGE}/hold", data=siti | {"reason": "Case 12/2026", "until": until})
    assert no_reason.status_code == 400 and "Give the hold a reason" in no_reason.text
    assert "2 people held until" in held.text and "legal hold until" in held.text
    assert 'action="/admin/requests/erase"' not in held.text, "no erasure offered while held"
    refused = admin.post(f"{PAGE}/erase", data=siti | YES | {"force": "on"})
    assert refused.status_code == 400 and "under a legal hold" in refused.text

    asked = admin.post(f"{PAGE}/release", data=siti)
    assert "End the legal hold?" in asked.text and "holds ended" not in asked.text
    released = admin.post(f"{PAGE}/release", data=siti | YES)
    assert "2 holds ended." in released.text and 'action="/admin/requests/erase"' in released.text

    question = admin.post(f"{PAGE}/erase", data=siti)
    assert "Erase everything held about them?" in question.text
    assert "Siti Rahmawati, Siti Rahmawati" in question.text, "the page names who it erases"
    assert found_in_database(forms, database_url), "nothing erased before the yes"
    in_building = admin.post(f"{PAGE}/erase", data=siti | YES)
    assert in_building.status_code == 400 and "in the building now" in in_building.text
    erased = admin.post(f"{PAGE}/erase", data=siti | YES | {"force": "on"})
    assert erased.status_code == 200 and "values of 2 people erased" in erased.text
    assert found_in_database(forms, database_url) == []
    admin_actor = f"staff:{host_by_email(site, ADMIN_EMAIL).id}"
    assert audit_actors(site, "erasure").count(admin_actor) == 2
    assert audit_actors(site, "legal_hold").count(admin_actor) == 4, "two held, two released"
