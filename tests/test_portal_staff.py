"""Staff accounts and the desk's pages: ``kiosk staff``, password sign-in, reception's lists
and actions, each audited under the staff member's own name; to a host every staff page is
"not found". On both backends."""

import json
import re

import pytest

from kiosk.services.directory.hosts import host_by_email
from kiosk.services.invitations.invite import invite
from kiosk.services.reception.alerts import raise_alert
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from tests.builders import open_now, run
from tests.portal_client import (
    ask_for_link,
    form_token,
    link_secret,
    messages_to,
    portal,
    signed_in,
    staff_signed_in,
    use_link,
)
from tests.test_portal_security import folded_refusals

DESK = "dewi@menara.example"
YES = {"confirmed": "yes"}
"""What the confirmation page posts with its yes."""
PASSWORD = re.compile(r"password \(shown only now\): (\S+)")


def add_staff(site, role: str = "reception", email: str = DESK) -> str:
    made = run(site, "staff", "add", "--name", "Dewi Lestari", "--email", email, "--role", role)
    assert made.exit_code == 0, made.output
    return PASSWORD.search(made.output).group(1)


def audit_actors(site, action: str) -> list[str]:
    """Who did ``action``, by the chain (with the views queued so far chained)."""
    from sqlalchemy import select

    from kiosk.services.records.audit_queue import fold_audit_queue
    from kiosk.store.privacy_models import AuditEntry

    fold_audit_queue(site)
    with site.unit_of_work() as uow:
        query = select(AuditEntry.actor).where(AuditEntry.action == action)
        return list(uow.session.scalars(query))


def test_staff_accounts_from_the_command_line(site):
    password = add_staff(site)

    listed = run(site, "staff", "list")
    as_json = json.loads(run(site, "staff", "list", "--json").output)
    reset = run(site, "staff", "reset", DESK)
    again = run(site, "staff", "add", "--name", "D", "--email", DESK, "--role", "admin")
    removed = run(site, "staff", "remove", DESK)

    assert "Dewi Lestari" in listed.output and "reception" in listed.output
    assert [(a["email"], a["role"]) for a in as_json] == [(DESK, "reception")]
    assert PASSWORD.search(reset.output).group(1) != password
    assert again.exit_code == 2 and "already has a staff account" in again.output
    assert removed.exit_code == 0
    assert json.loads(run(site, "staff", "list", "--json").output) == []
    assert (
        run(site, "staff", "add", "--name", "X", "--email", "x@y.z", "--role", "boss").exit_code
        == 2
    )


def test_staff_sign_in_with_their_password_and_land_at_the_desk(site):
    password = add_staff(site)
    client = staff_signed_in(site, DESK, password)

    assert client.get("/").headers["location"] == "/reception/expected"
    assert client.get("/reception/expected").status_code == 200
    assert f"staff:{host_by_email(site, DESK).id}" in audit_actors(site, "portal_sign_in")


def test_a_wrong_password_and_an_unknown_email_get_one_answer_and_are_audited(site):
    add_staff(site)
    client = portal(site)

    def attempt(email: str, password: str):
        form = {
            "email": email,
            "password": password,
            "csrf": form_token(client, "/signin/password"),
        }
        return client.post("/signin/password", data=form)

    wrong = attempt(DESK, "guess")
    unknown = attempt("nobody@menara.example", "guess")
    host = attempt("rina@menara.example", "guess")  # a host, not staff

    assert wrong.status_code == unknown.status_code == host.status_code == 400
    assert "do not match a staff account" in wrong.text
    assert "do not match a staff account" in unknown.text
    assert [attempt(DESK, "guess").status_code for _ in range(3)] == [400, 400, 429]
    assert sorted(folded_refusals(site)) == [
        "too_many_tries x1 from source",
        "wrong_password x5 from source",
    ]


def test_a_new_password_ends_the_old_sessions(site):
    client = staff_signed_in(site, DESK, add_staff(site))

    run(site, "staff", "reset", DESK)

    assert client.get("/reception/onsite").headers["location"] == "/signin"


STAFF_PAGES = [
    ("get", "/reception/expected"),
    ("get", "/reception/onsite"),
    ("get", "/reception/attention"),
    ("post", "/reception/onsite/print"),
    ("post", "/reception/visits/1/signout"),
    ("post", "/reception/visits/1/reprint"),
    ("post", "/reception/attention/1/done"),
    ("get", "/reception/register"),
    ("get", "/reception/deny"),
    ("get", "/reception/hosts"),
    ("post", "/reception/hosts"),
    ("post", "/reception/hosts/deactivate"),
    ("post", "/reception/deny"),
    ("post", "/reception/deny/1/lift"),
    ("post", "/reception/register"),
    ("get", "/admin/staff"),
    ("post", "/admin/staff"),
    ("post", "/admin/staff/reset"),
]


def test_to_a_host_every_staff_page_is_not_found(site, mail_server):
    invite(site, open_now(), "staff:test")
    visit = check_in(site, invite(site, open_now(name="Budi"), "staff:test").id).visit
    client = signed_in(site, mail_server)
    token = form_token(client, "/invitations")

    answers = {
        path: getattr(client, method)(
            path, **({"data": {"csrf": token}} if method == "post" else {})
        )
        for method, path in STAFF_PAGES
    }

    assert {path: answer.status_code for path, answer in answers.items()} == {
        path: 404 for _, path in STAFF_PAGES
    }
    assert visit.checked_out_at is None
    assert "Budi" not in "".join(answer.text for answer in answers.values())


def test_reception_is_not_admin(site):
    client = staff_signed_in(site, DESK, add_staff(site))

    assert client.get("/admin/staff").status_code == 404


def test_reception_signs_a_guest_out_under_their_own_name(site):
    made = invite(site, open_now(name="Siti Rahmawati"), "staff:test")
    visit = check_in(site, made.id).visit
    client = staff_signed_in(site, DESK, add_staff(site))
    page = client.get("/reception/onsite")
    assert "Siti Rahmawati" in page.text
    assert '<meta http-equiv="refresh"' in page.text

    signout = f"/reception/visits/{visit.id}/signout"
    asked = client.post(signout, data={"csrf": form_token(client, "/reception/onsite")})
    assert asked.status_code == 200 and "Check this guest out now?" in asked.text
    badge = f"#{visit.badge_number} Siti Rahmawati"
    assert f'<p class="about" dir="auto">{badge}</p>' in asked.text, "names whom"
    assert "Siti Rahmawati" in client.get("/reception/onsite").text, "not before the yes"
    done = client.post(signout, data={"csrf": form_token(client, "/reception/onsite")} | YES)

    assert done.headers["location"] == "/reception/onsite?done=signed_out"
    assert "Siti Rahmawati" not in client.get("/reception/onsite").text
    assert check_out(site, visit.id).already
    assert audit_actors(site, "signed_out_by_staff") == [f"staff:{host_by_email(site, DESK).id}"]
    assert "on_site:1" in [d for d in _view_details(site)]  # the list page was an audited view


def _view_details(site) -> list[str]:
    from sqlalchemy import select

    from kiosk.services.records.audit_queue import fold_audit_queue
    from kiosk.store.privacy_models import AuditEntry

    fold_audit_queue(site)
    with site.unit_of_work() as uow:
        query = select(AuditEntry.detail).where(AuditEntry.action == "portal_view")
        return list(uow.session.scalars(query))


def test_expected_today_reads_each_guests_state_from_their_visit(site):
    left = check_in(site, invite(site, open_now(name="Ani Left"), "staff:test").id).visit
    check_in(site, invite(site, open_now(name="Bayu Here"), "staff:test").id)
    invite(site, open_now(name="Citra Coming"), "staff:test")
    check_out(site, left.id)
    client = staff_signed_in(site, DESK, add_staff(site))

    page = client.get("/reception/expected").text

    def status_of(name: str) -> tuple[str, str]:
        entry = page.split(name, 1)[1]
        return re.search(r'class="status status-([a-z_]+)">([^<]+)<', entry).groups()

    assert [status_of(n) for n in ("Ani Left", "Bayu Here", "Citra Coming")] == [
        ("signed_out", "Signed out"),
        ("arrived", "Arrived"),
        ("invited", "Not arrived yet"),
    ]


def test_needs_attention_lets_reception_admit_a_checked_guest(site):
    made = invite(site, open_now(name="Siti Rahmawati"), "staff:test")
    raise_alert(site, "not_me", made.id)
    client = staff_signed_in(site, DESK, add_staff(site))
    page = client.get("/reception/attention")
    alert_id = re.search(r"/reception/attention/(\d+)/admit", page.text).group(1)
    assert "Says the invitation is not theirs" in page.text

    admitted = client.post(
        f"/reception/attention/{alert_id}/admit",
        data={"csrf": form_token(client, "/reception/attention")},
    )

    assert admitted.status_code == 303
    assert "Nothing needs attention." in client.get("/reception/attention").text
    assert "Siti Rahmawati" in client.get("/reception/onsite").text


def test_an_admin_gives_an_account_from_the_portal(site):
    admin = staff_signed_in(site, DESK, add_staff(site, "admin"))
    token = form_token(admin, "/admin/staff")

    bad = admin.post(
        "/admin/staff", data={"csrf": token, "name": "Eko", "email": "eko", "role": "reception"}
    )
    made = admin.post(
        "/admin/staff",
        data={
            "csrf": token,
            "name": "Eko Prasetyo",
            "email": "eko@menara.example",
            "role": "reception",
        },
    )
    password = re.search(r'<strong class="code">([^<]+)</strong>', made.text).group(1)

    assert bad.status_code == 400
    assert 'id="staff-error"' in bad.text
    assert (
        staff_signed_in(site, "eko@menara.example", password).get("/reception/onsite").status_code
        == 200
    )
    assert admin.get("/reception/onsite").status_code == 200  # an admin does reception's work too


@pytest.mark.parametrize("role", ["reception", "admin"])
def test_removing_an_account_signs_it_out(site, role):
    client = staff_signed_in(site, DESK, add_staff(site, role))
    add_admin(site)  # never the last admin

    assert run(site, "staff", "remove", DESK).exit_code == 0

    assert client.get("/reception/onsite").headers["location"] == "/signin"


def test_reception_registers_a_guest_for_any_host(site, mail_server):
    from kiosk.services.directory.hosts import host_by_email
    from tests.portal_client import invite_form

    desk = staff_signed_in(site, DESK, add_staff(site))
    page = desk.get("/reception/register").text
    rina = re.search(r'<option value="([^"]+ · rina@menara\.example)">', page).group(1)
    form = invite_form(desk) | {"csrf": form_token(desk, "/reception/register")}

    no_host = desk.post("/reception/register", data=form)
    bad_day = desk.post("/reception/register", data=form | {"host": rina, "day": "x"})
    made = desk.post("/reception/register", data=form | {"host": rina, "name": "Wulan"})
    by_name = desk.post("/reception/register", data=form | {"host": "rina wijaya"})

    assert no_host.status_code == bad_day.status_code == 400
    assert "That host is no longer in the directory." in no_host.text
    assert 'id="day-error"' in bad_day.text
    assert rina.startswith("Rina Wijaya") and 'list="host-choices"' in page
    assert made.status_code == by_name.status_code == 303, "a name only one host has will do"
    assert "Wulan" in desk.get(made.headers["location"]).text
    assert "Wulan" in signed_in(site, mail_server).get("/invitations").text  # Rina's guest now
    assert f"staff:{host_by_email(site, DESK).id}" in audit_actors(site, "capture")


def test_reception_registers_a_guest_at_the_desk_and_checks_them_in_at_once(site):
    from kiosk.services.outbox.drain import outbox_jobs
    from kiosk.services.outbox.senders import Channel, send_due
    from tests.builders import TOMORROW
    from tests.portal_client import invite_form

    desk = staff_signed_in(site, DESK, add_staff(site))
    page = desk.get("/reception/register").text
    assert 'value="check_in">Register and check in now</button>' in page
    assert page.index('value="check_in"') < page.index("Send an invitation"), "the primary first"
    form = invite_form(desk) | {"csrf": form_token(desk, "/reception/register")}
    here = {"host": "rina@menara.example", "name": "Wulan", "action": "check_in"}
    at_kiosk = here | {"print_at": site.settings.kiosk_id, "day": TOMORROW.isoformat()}

    whole_day = {"start": "", "end": ""}
    unknown_printer = desk.post("/reception/register", data=form | here | {"print_at": "x"})
    assert unknown_printer.status_code == 404
    assert "Wulan" not in desk.get("/reception/expected").text, "nothing made for a bad printer"
    made = desk.post("/reception/register", data=form | at_kiosk | whole_day)

    assert made.headers["location"] == "/reception/expected?done=checked_in"
    assert "Wulan" in desk.get("/reception/onsite").text, "today, from now, whatever the day said"
    assert str(send_due(site, Channel.PRINT)) == "1 sent"
    assert [job.template for job in outbox_jobs(site)].count("arrival") == 1, "Rina is told"


def test_the_navigation_counts_what_needs_attention(site):
    desk = staff_signed_in(site, DESK, add_staff(site))
    assert 'id="attention-count"' not in desk.get("/reception/expected").text
    raise_alert(site, "forged")
    raise_alert(site, "expired")
    page = desk.get("/invitations").text
    assert 'id="attention-count" aria-label="2 open">2</span>' in page


def test_reception_keeps_the_deny_list_and_the_kiosk_obeys_it(site):
    from kiosk.services.visits.check_in import check_in as kiosk_check_in

    desk = staff_signed_in(site, DESK, add_staff(site))
    token = form_token(desk, "/reception/deny")
    form = {"csrf": token, "deny_name": "Joko Susilo", "deny_reason": "threatened staff"}

    empty = desk.post("/reception/deny", data=form | {"deny_name": "", "until": "2027-12-31"})
    bad_day = desk.post("/reception/deny", data=form | {"until": "someday"})
    added = desk.post("/reception/deny", data=form | {"until": "2027-12-31"})
    page = desk.get("/reception/deny").text
    refused = kiosk_check_in(site, invite(site, open_now(name="JOKO SUSILO"), "staff:test").id)
    entry = re.search(r"/reception/deny/(\d+)/lift", page).group(1)
    asked = desk.post(f"/reception/deny/{entry}/lift", data={"csrf": token})
    assert "Lift this ban?" in asked.text and "Joko Susilo" in desk.get("/reception/deny").text
    lifted = desk.post(f"/reception/deny/{entry}/lift", data={"csrf": token} | YES)

    assert empty.status_code == bad_day.status_code == 400
    assert 'id="deny_name-error"' in empty.text
    assert 'id="until-error"' in bad_day.text
    assert added.status_code == 303
    assert "Joko Susilo" in page and "threatened staff" in page
    assert refused.reason == "deny_list"
    assert lifted.status_code == 303
    assert "Joko Susilo" not in desk.get("/reception/deny").text


def test_reception_keeps_the_host_directory(site, mail_server):
    desk = staff_signed_in(site, DESK, add_staff(site))
    token = form_token(desk, "/reception/hosts")
    form = {"csrf": token, "name": "Budi Santoso", "email": "budi@menara.example"}

    bad = desk.post("/reception/hosts", data=form | {"email": "budi at menara"})
    twice = desk.post("/reception/hosts", data=form | {"email": "rina@menara.example"})
    added = desk.post("/reception/hosts", data=form)
    budi = signed_in(site, mail_server, "budi@menara.example")
    page = desk.get("/reception/hosts").text
    out = desk.post(
        "/reception/hosts/deactivate", data={"csrf": token, "email": "budi@menara.example"} | YES
    )

    assert bad.status_code == twice.status_code == 400
    assert 'id="email-error"' in bad.text
    assert "already in the directory" in twice.text
    assert added.status_code == 303
    assert "Budi Santoso" in page
    assert out.status_code == 303
    assert "Budi Santoso" not in desk.get("/reception/hosts").text
    assert budi.get("/invitations").headers["location"] == "/signin"  # signed out with it
    assert "directory:3" in _view_details(site)


ADMIN_EMAIL = "ayu@menara.example"


def add_admin(site, email: str = ADMIN_EMAIL) -> str:
    made = run(site, "staff", "add", "--name", "Ayu Lestari", "--email", email, "--role", "admin")
    assert made.exit_code == 0, made.output
    return PASSWORD.search(made.output).group(1)


def listed_hosts(site) -> dict[str, bool]:
    every = json.loads(run(site, "hosts", "list", "--all", "--json").output)
    return {host["email"]: host["active"] for host in every}


def test_reception_cannot_take_an_admin_out_of_the_directory(site):
    add_admin(site)
    desk = staff_signed_in(site, DESK, add_staff(site))
    page = desk.get("/reception/hosts").text
    assert page.count('action="/reception/hosts/deactivate"') == 1, "Rina only: not Ayu, not Dewi"

    form = {"email": ADMIN_EMAIL, "csrf": form_token(desk, "/reception/hosts")} | YES
    refused = desk.post("/reception/hosts/deactivate", data=form)

    assert refused.status_code == 400 and "Only an admin can change" in refused.text
    assert listed_hosts(site)[ADMIN_EMAIL] is True


def test_an_entry_taken_out_is_brought_back_by_an_admin_or_the_command_line(site):
    admin = staff_signed_in(site, ADMIN_EMAIL, add_admin(site))
    for bring_back in ("page", "command line"):
        form = {"email": "rina@menara.example", "csrf": form_token(admin, "/reception/hosts")}
        assert admin.post("/reception/hosts/deactivate", data=form | YES).status_code == 303
        assert listed_hosts(site)["rina@menara.example"] is False
        assert "Bring back" in admin.get("/reception/hosts").text
        if bring_back == "page":
            form = {"email": "rina@menara.example", "csrf": form_token(admin, "/reception/hosts")}
            assert admin.post("/reception/hosts/reactivate", data=form).status_code == 303
        else:
            brought = run(site, "hosts", "reactivate", "rina@menara.example")
            assert brought.exit_code == 0 and "reactivated Rina Wijaya" in brought.output
        assert listed_hosts(site)["rina@menara.example"] is True
        with site.unit_of_work() as uow:
            host = host_by_email(site, "rina@menara.example")
            subject = uow.subjects.get(uow.hosts.get(host.id).subject_id)
            clocks = {v.retention_until for v in uow.personal_values.of_subject(subject.id)}
        assert clocks == {None}, "the clock their leaving started has stopped"
    again = run(site, "hosts", "reactivate", "rina@menara.example")
    assert again.exit_code == 2 and "in the directory already" in again.output


def test_nobody_takes_away_their_own_access_or_the_last_admins(site):
    admin = staff_signed_in(site, ADMIN_EMAIL, add_admin(site))

    own = admin.post(
        "/admin/staff/remove",
        data={"email": ADMIN_EMAIL, "csrf": form_token(admin, "/admin/staff")} | YES,
    )
    last = run(site, "staff", "remove", ADMIN_EMAIL)
    last_out = run(site, "hosts", "deactivate", ADMIN_EMAIL)
    add_admin(site, "bayu@menara.example")
    second = run(site, "staff", "remove", ADMIN_EMAIL)

    assert own.status_code == 400 and "your own access" in own.text
    assert last.exit_code == 2 and "last admin" in last.output
    assert last_out.exit_code == 2 and "last admin" in last_out.output
    assert second.exit_code == 0, "with another admin, an admin may go"


def test_an_erased_staff_member_leaves_no_nameless_account(site):
    staff_signed_in(site, DESK, add_staff(site))
    erased = run(site, "subject", "erase", "--email", DESK, "--yes")
    assert erased.exit_code == 0, erased.output
    assert json.loads(run(site, "staff", "list", "--json").output) == []


def test_a_link_asked_for_before_a_password_reset_opens_nothing_after_it(site, mail_server):
    add_staff(site)
    client = portal(site)
    ask_for_link(client, DESK)
    secret = link_secret(messages_to(mail_server, DESK)[-1])
    run(site, "staff", "reset", DESK)
    assert use_link(client, secret).status_code == 400


def test_a_search_narrows_each_desk_list_by_name_company_or_host(site):
    from kiosk.services.directory.hosts import add_host
    from tests.builders import member

    with site.unit_of_work() as uow:
        add_host(uow, site, member("Budi Santoso", "budi@menara.example"), "staff:test")
        uow.commit()
    guests = [
        ("Nguyễn Thị Minh Khai", "PT Sinar", "rina@menara.example"),
        ("Siti Rahmawati", "CV Maju", "rina@menara.example"),
        ("Ahmad Fauzi", "PT Sinar", "budi@menara.example"),
    ]
    for name, company, host in guests:
        made = invite(
            site, open_now(name=name, company=company, host_email=host, visit_type="vendor"), "t"
        )
        if name != "Siti Rahmawati":
            check_in(site, made.id)
    desk = staff_signed_in(site, DESK, add_staff(site))

    def names(path: str) -> list[str]:
        page = desk.get(path).text
        return [name for name, _, _ in guests if name in page]

    assert names("/reception/expected?q=nguyen") == ["Nguyễn Thị Minh Khai"]
    assert names("/reception/expected?q=sinar") == ["Nguyễn Thị Minh Khai", "Ahmad Fauzi"]
    assert names("/reception/expected?q=budi") == ["Ahmad Fauzi"]
    assert names("/reception/expected?q=sinar+budi") == ["Ahmad Fauzi"], "every word"
    assert names("/reception/onsite?q=rina") == ["Nguyễn Thị Minh Khai"]
    assert names("/reception/onsite?q=nobody") == []
    assert "1 of 3 shown" in desk.get("/reception/expected?q=CV+maju").text
    hosts = desk.get("/reception/hosts?q=santoso").text
    assert "Budi Santoso" in hosts and "Rina Wijaya" not in hosts

    def in_order(sort: str) -> list[str]:
        page = desk.get(f"/reception/expected?sort={sort}").text
        return [name for _, name in sorted((page.index(n), n) for n, _, _ in guests)]

    assert in_order("guest") == ["Ahmad Fauzi", "Nguyễn Thị Minh Khai", "Siti Rahmawati"]
    assert in_order("company")[0] == "Siti Rahmawati", "CV before PT"
    assert in_order("host")[0] == "Ahmad Fauzi", "Budi before Rina"
    assert in_order("status")[0] == "Siti Rahmawati", "not arrived yet first"
    assert 'aria-current="true">Company' in desk.get("/reception/expected?sort=company").text
    summary = re.search(r'id="summary">([^<]+)<', desk.get("/reception/expected").text).group(1)
    assert summary == "1 not arrived yet · 2 on site · 0 left · 0 need attention"


def test_reception_checks_an_expected_guest_in_and_the_badge_prints_on_the_chosen_kiosk(site):
    from dataclasses import replace

    from kiosk.services.outbox.drain import outbox_jobs
    from kiosk.services.outbox.senders import Channel, send_due

    lobby = replace(site, settings=replace(site.settings, kiosk_id="lobby-north"))
    check_in(lobby, invite(lobby, open_now(name="Ani Earlier"), "staff:test").id)
    send_due(lobby, Channel.PRINT)
    siti = invite(site, open_now(name="Siti Rahmawati"), "staff:test")
    citra = invite(site, open_now(name="Citra Lestari"), "staff:test")
    desk = staff_signed_in(site, DESK, add_staff(site))
    page = desk.get("/reception/expected").text
    assert '<option value="lobby-north">Print at lobby-north</option>' in page
    token = form_token(desk, "/reception/expected")

    def check_in_at_desk(made, print_at: str):
        form = {"csrf": token, "print_at": print_at}
        return desk.post(f"/reception/invitations/{made.id}/checkin", data=form)

    assert check_in_at_desk(siti, "nowhere").status_code == 404
    done = check_in_at_desk(siti, "lobby-north")
    no_badge = check_in_at_desk(citra, "none")

    assert done.headers["location"] == "/reception/expected?done=checked_in"
    assert no_badge.status_code == 303
    assert str(send_due(site, Channel.PRINT)) == "nothing due", "not at the desk's own printer"
    assert str(send_due(lobby, Channel.PRINT)) == "1 sent", "Siti's badge, at lobby-north"
    jobs = [(job.template, job.channel) for job in outbox_jobs(site)]
    assert jobs.count(("badge", "print")) == 2, "Ani's and Siti's; none for Citra"
    assert jobs.count(("arrival", "email")) == 3, "every host is told"
    on_site = desk.get("/reception/onsite").text
    assert "Siti Rahmawati" in on_site and "Citra Lestari" in on_site
    staff = f"staff:{host_by_email(site, DESK).id}"
    assert audit_actors(site, "capture").count(staff) == 2, "checked by the staff member"


ADMIN_PRIVACY_PAGES = ["/admin/records", "/admin/records/csv", "/admin/audit", "/admin/retention"]


def test_the_admins_privacy_work_is_in_the_portal_and_only_theirs(site):
    from sqlalchemy import text

    from kiosk.store.engine import create_engine

    admin = staff_signed_in(site, ADMIN_EMAIL, add_admin(site))
    desk = staff_signed_in(site, DESK, add_staff(site))
    assert [desk.get(path).status_code for path in ADMIN_PRIVACY_PAGES] == [404] * 4

    records = admin.get("/admin/records").text
    assert "visitor.name" in records and 'href="/admin/records/csv"' in records
    ropa = admin.get("/admin/records/csv")
    assert ropa.headers["content-disposition"] == 'attachment; filename="record-of-processing.csv"'
    assert ropa.text.startswith("purpose,name,controller")
    markdown = admin.get("/admin/records/md").text
    assert markdown.startswith("# Record of processing")
    assert "## Data-subject requests made on /privacy" in markdown
    assert "fides_key" in admin.get("/admin/records/fideslang").text
    assert admin.get("/admin/records/pdf").status_code == 404

    intact = admin.get("/admin/audit").text
    assert (
        "The audit log is intact" in intact and "Checkpoint outside the database: entry" in intact
    )
    engine = create_engine(site.settings.database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET actor = 'staff:intruder' WHERE seq = 2"))
    engine.dispose()
    assert "entry 2 was altered" in admin.get("/admin/audit").text

    invite(site, open_now(name="Siti Rahmawati"), "staff:test")
    retention = admin.get("/admin/retention").text
    assert "Next purge:" in retention and "visitor-identification" in retention
    assert re.search(r'id="purge-preview">If it ran now it would remove \d+ values', retention)
    views = [d for d in _view_details(site) if d.split(":")[0] in ("records", "audit", "retention")]
    assert len(views) == 7, views
