"""No text from a person is ever read as markup: a name holding console markup, HTML, Markdown,
an emoji code, calendar separators or a spreadsheet formula reads as typed on the command line,
in an email and its calendar entry, in a chat message and in a spreadsheet."""

import csv
import io
from dataclasses import replace

import pytest
from icalendar import Calendar

from kiosk.privacy.gateway import Source
from kiosk.privacy.records import ropa_csv
from kiosk.privacy.site_policy import site_policy
from kiosk.services.directory.hosts import add_host
from kiosk.services.directory.notify_choice import choose_notify
from kiosk.services.invitations.invite import invite
from kiosk.services.outbox.senders import Channel, send_due
from kiosk.services.visits.check_in import check_in
from tests.builders import DURING, TOMORROW, host_id, member, request, run, send_mail

MARKED_UP = [
    "Budi [/]",
    "[link=x]Ani[/link] :smile:",
    "[bold red]Citra[/] Lestari",
    "<b>Dewi</b> *Sari* `Eka`",
    "Fajar; ORGANIZER:x, \\n Gita",
    "=HYPERLINK(1) Hana",
]


def parts(message):
    return {part.get_content_type(): part for part in message.walk()}


def test_the_roll_call_prints_every_name_as_typed(site) -> None:
    for name in MARKED_UP:
        invite(site, request(name=name, email=None), "staff:test")
    expected = run(site, "expected", "--date", TOMORROW.isoformat())
    assert expected.exit_code == 0, expected.output
    for name in MARKED_UP:
        assert name in expected.stdout
    for made in [invite(site, request(name=name, email=None), "staff:t") for name in MARKED_UP]:
        check_in(site, made.id, now=DURING)
    on_site = run(site, "onsite")
    assert on_site.exit_code == 0, on_site.output
    assert "😄" not in on_site.stdout
    for name in MARKED_UP:
        assert name in on_site.stdout


def test_an_email_and_its_calendar_entry_carry_names_as_typed(site, mail_server) -> None:
    guest, host = "<b>Dewi</b> [/] Sari", "Rina <i>W</i>; ORGANIZER:x, \\; [/]"
    with site.unit_of_work() as uow:
        add_host(uow, site, member(host, "rina.w@menara.example"), "staff:test")
        uow.commit()
    invite(site, request(name=guest, host_email="rina.w@menara.example"), "staff:test")
    send_mail(site)
    (message,) = mail_server.inbox.messages
    found = parts(message)
    assert guest in found["text/plain"].get_content() and host in found["text/plain"].get_content()
    page = found["text/html"].get_content()
    assert "<b>" not in page and "<i>" not in page and "&lt;b&gt;Dewi&lt;/b&gt;" in page
    (event,) = Calendar.from_ical(found["text/calendar"].get_content()).walk("VEVENT")
    assert str(event["DESCRIPTION"]).startswith(f"{host} ")
    assert str(event["ORGANIZER"]) == "mailto:reception@menara.example"


@pytest.mark.parametrize(
    ("format_", "shown"),
    [("html", "&lt;b&gt;Dewi&lt;/b&gt;"), ("markdown", "\\*Dewi\\*")],
)
def test_a_chat_that_reads_html_or_markdown_gets_the_name_escaped(
    site, receiver, format_, shown
) -> None:
    own = f"{receiver.url(path='rina')}?format={format_}"
    choose_notify(site, host_id(site), "address", own, "host:1", Source.SELF_ENTERED, "en")
    name = "<b>Dewi</b> Sari" if format_ == "html" else "*Dewi* Sari"
    made = invite(site, request(name=name, email=None), "staff:test")
    check_in(site, made.id, now=DURING)
    send_due(site, Channel.MESSAGE, DURING)
    (news,) = receiver.received
    assert shown in news.json["message"]


def test_a_spreadsheet_opens_the_record_of_processing_without_running_a_formula(site) -> None:
    policy = site_policy(site.settings)
    registry = policy.registry
    formula = '=HYPERLINK("https://evil.example","PT Menara")'
    controller = replace(registry.controller, name={"en": formula, "id": formula})
    tampered = replace(policy, registry=replace(registry, controller=controller))
    rows = list(csv.DictReader(io.StringIO(ropa_csv(tampered))))
    assert rows and all(row["controller"].startswith("'=HYPERLINK") for row in rows)
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
