"""Whatever a guest, a host, staff, a CSV file, a config file or a scanner gives the kiosk, it
answers with a clear refusal or does the job; it never crashes and never stores half of it.

Ten thousand generated cases each (``BAD_INPUT_EXAMPLES`` sets another number): control
characters, 10 KB pastes, SQL-looking text, right-to-left text, emoji, format characters
(direction overrides, zero-width spaces and joiners), look-alike letters from other scripts,
invalid UTF-8 in a CSV, and markup of every kind (console, Kivy, HTML, Markdown, spreadsheet
formulas) that must come out as typed.
"""

import contextlib
import io
import os
import string
from dataclasses import replace
from datetime import timedelta

import pytest
from confusable_homoglyphs.confusables import confusables_data
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.table import Table
from sqlalchemy import func, select

from kiosk.cli.tables import print_table
from kiosk.clock import utc_now
from kiosk.errors import CaptureRefused, KioskError, SettingsError
from kiosk.privacy.field_kinds import lookup_form, normalise
from kiosk.privacy.registry_loader import load_current_registry
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.csv_import import import_hosts
from kiosk.services.directory.hosts import add_host
from kiosk.services.intake.csv_rows import CsvFile
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.flow import LobbyFlow, Step
from kiosk.services.screening.deny_list import add_to_deny_list
from kiosk.services.visits.walk_in import walk_in
from kiosk.settings import load_settings
from kiosk.store.models import Host, Invitation, Visit
from kiosk.store.privacy_models import DataSubject, PersonalValue
from tests.builders import deny, member, request, visitor, walk_in_guest

EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES", "10000"))
MANY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIELDS = load_current_registry().fields
SQL_LIKE = ["'; DROP TABLE visits; --", "1 OR 1=1", "Robert'); DELETE FROM hosts;--", "%_\\"]
RIGHT_TO_LEFT = st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), max_size=30)
EMOJI = st.text(st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF), max_size=10)
CONTROL = st.text(st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\u200b\u202e\ufeff"))
FORMAT = st.characters(categories=["Cf"])
LATIN_NAME = st.text(st.sampled_from(string.ascii_lowercase + " "), min_size=1, max_size=30)
LOOK_ALIKES = {
    letter: [homoglyph["c"].strip("\u200e") for homoglyph in confusables_data.get(letter, [])]
    for letter in string.ascii_lowercase
}
"""For each Latin letter, the characters Unicode's table says look like it."""


@st.composite
def look_alike(draw, name: str) -> str:
    """``name`` with some letters in capitals and some replaced by lower-case look-alikes
    (look-alikes are compared in lower case: see the deny list)."""
    return "".join(
        draw(
            st.sampled_from(
                [letter, letter.upper(), *(c for c in LOOK_ALIKES.get(letter, []) if c.islower())]
            )
        )
        for letter in name
    )


FORMATTED = st.builds(
    "".join, st.lists(st.one_of(st.text(max_size=4), st.text(FORMAT, max_size=2)), max_size=8)
)
SPOOFED = LATIN_NAME.flatmap(look_alike)
PASTE = st.builds(
    lambda piece, times: (piece * times)[:10240], st.text(min_size=1), st.integers(1, 10240)
)
MARKUP = st.sampled_from(
    [
        "[/]",
        "[bold red]",
        "[link=x]",
        "[/link]",
        ":smile:",
        "<b>",
        "</a>",
        "<script>",
        "*",
        "_",
        "`",
        "[x](y)",
        "=",
        "+",
        "-",
        "@",
        "=HYPERLINK(",
        "\t",
        ";",
        ",",
        "\\",
        "&amp;",
        "{{",
        "%s",
    ]
)
"""Console, Kivy, HTML and Markdown markup, spreadsheet formulas, calendar separators, templates."""
MARKED = st.builds("".join, st.lists(st.one_of(MARKUP, st.text(max_size=4)), max_size=8))
HOSTILE = st.one_of(
    st.text(max_size=60),
    MARKED,
    st.sampled_from(SQL_LIKE),
    RIGHT_TO_LEFT,
    EMOJI,
    CONTROL,
    FORMATTED,
    SPOOFED,
    PASTE,
    st.builds(
        "".join,
        st.lists(
            st.one_of(
                st.text(max_size=8), st.sampled_from(SQL_LIKE), EMOJI, RIGHT_TO_LEFT, FORMATTED
            ),
            max_size=6,
        ),
    ),
)
OPTIONAL_HOSTILE = st.none() | HOSTILE


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad-input")
    config = folder / "config.toml"
    config.touch()
    opened = open_kiosk(
        load_settings(config, environ={}, overrides={"paths.data_dir": str(folder)})
    )
    with opened.unit_of_work() as uow:
        add_host(uow, opened, member("Rina Wijaya", "rina@menara.example"), "staff:test")
        uow.commit()
    return opened


def stored(kiosk) -> tuple[int | None, ...]:
    """The newest row of each kind (rows are only added here, so a new one shows)."""
    with kiosk.unit_of_work() as uow:
        return tuple(
            uow.session.scalar(select(func.max(table.id)))
            for table in (DataSubject, PersonalValue, Visit, Invitation, Host)
        )


def whole_or_refused(kiosk, action) -> None:
    """``action`` does its job, or raises a KioskError with a one-line message and leaves the
    database as it was."""
    before = stored(kiosk)
    try:
        action()
    except KioskError as refused:
        message = str(refused)
        assert message and "\n" not in message and "Traceback" not in message
        assert stored(kiosk) == before, f"half-stored after: {message}"


def host_id(kiosk) -> int:
    with kiosk.unit_of_work() as uow:
        return uow.hosts.all(kiosk.site.id, active_only=True)[0].id


@MANY
@given(
    name=HOSTILE,
    phone=OPTIONAL_HOSTILE,
    email=OPTIONAL_HOSTILE,
    company=OPTIONAL_HOSTILE,
    vendor=st.booleans(),
)
def test_a_walk_in_guest_types_anything(kiosk, name, phone, email, company, vendor) -> None:
    kind = "vendor" if vendor else "meeting"
    guest = walk_in_guest(
        host_id(kiosk), kind, name=name, phone=phone, email=email, company=company
    )
    whole_or_refused(kiosk, lambda: walk_in(kiosk, guest))


FIELD_KEY = st.sampled_from(["visitor.companions", "visitor.wifi_request", "member.name"]) | HOSTILE


@MANY
@given(
    name=HOSTILE,
    email=OPTIONAL_HOSTILE,
    phone=OPTIONAL_HOSTILE,
    note=OPTIONAL_HOSTILE,
    last4=OPTIONAL_HOSTILE,
    plate=OPTIONAL_HOSTILE,
    fields=st.dictionaries(FIELD_KEY, OPTIONAL_HOSTILE | st.booleans(), max_size=2),
)
def test_a_host_registers_a_guest_with_anything(
    kiosk, name, email, phone, note, last4, plate, fields
):
    """``fields`` are what ``--field KEY=VALUE`` or a CSV column can add: any key, any value."""
    invitation = request(
        name=name,
        email=email,
        phone=phone,
        reception_note=note,
        id_type="passport" if last4 else None,
        id_last4=last4,
        parking_plate=plate,
    )
    invitation = replace(invitation, values=invitation.values | fields)
    whole_or_refused(kiosk, lambda: invite(kiosk, invitation, "staff:test"))


@MANY
@given(name=HOSTILE, reason=HOSTILE, last4=OPTIONAL_HOSTILE)
def test_staff_put_anything_on_the_deny_list(kiosk, name, reason, last4) -> None:
    ids = visitor(id_type="ktp" if last4 else None, id_last4=last4)
    entry = deny(name, reason, utc_now() + timedelta(days=1), **{k[8:]: v for k, v in ids.items()})
    whole_or_refused(kiosk, lambda: add_to_deny_list(kiosk, entry, "staff:test"))


@MANY
@given(name=LATIN_NAME.filter(str.strip), data=st.data())
def test_a_listed_name_matches_whatever_look_alikes_replace_its_letters(name, data) -> None:
    """The deny list compares names by their look-up form: a spoofed spelling that the name
    field accepts has the listed name's form (in any case), a format character is refused."""
    binding = FIELDS["visitor.deny_name"]
    listed = lookup_form(binding, normalise(binding, name))
    typed = data.draw(look_alike(name))
    hidden = data.draw(st.text(FORMAT, max_size=1))
    where = data.draw(st.integers(0, len(typed)))
    typed = typed[:where] + hidden + typed[where:]
    try:
        form = lookup_form(binding, normalise(binding, typed))
    except CaptureRefused as refused:
        assert hidden or "at least one letter" in str(refused), str(refused)
        return
    assert form == listed, (name, typed)


@MANY
@given(text=HOSTILE | st.text(alphabet="IBA-_0123456789abcdefXYZ", min_size=20, max_size=26))
def test_a_scanner_types_anything(kiosk, text) -> None:
    flow = LobbyFlow(kiosk)
    state = flow.scanned(text)
    assert state.step in (Step.NOTICE, Step.RECEPTION, Step.GOODBYE)
    assert state.step is Step.RECEPTION, "nothing generated is one of our codes"


@MANY
@given(name=MARKED)
def test_a_name_with_markup_is_printed_as_typed(name) -> None:
    try:
        name = normalise(FIELDS["visitor.name"], name)
    except CaptureRefused:
        return
    table = Table("guest")
    table.add_row(name)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        print_table(table)
    assert name in printed.getvalue()


CELL = st.one_of(HOSTILE, st.just("rina@menara.example"), st.emails().map(str))
RAW_CELL = CELL.map(lambda text: text.encode("utf-8", "surrogatepass")) | st.binary(max_size=20)


@MANY
@given(
    header=st.sampled_from([b"name,email", b"name,email,unit", b"nama,email", b""]),
    rows=st.lists(st.lists(RAW_CELL, min_size=1, max_size=4), max_size=4),
)
def test_any_csv_of_hosts_imports_whole_or_names_its_bad_lines(
    kiosk, tmp_path_factory, header, rows
) -> None:
    path = tmp_path_factory.getbasetemp() / "hosts.csv"
    path.write_bytes(b"\n".join([header, *(b",".join(row) for row in rows)]))
    before = stored(kiosk)
    try:
        report = import_hosts(kiosk, CsvFile.read(path), "staff:test", skip_bad=False)
    except KioskError as refused:
        assert "\n" not in str(refused) and stored(kiosk) == before
        return
    if report.bad:
        assert report.imported == 0 and stored(kiosk) == before, "all or nothing"
        assert all(str(bad).startswith("line ") for bad in report.bad)


SETTING_KEYS = [
    "site.name",
    "site.timezone",
    "site.language",
    "kiosk.inactivity_timeout",
    "printer.uri",
    "database.url",
    "scanner.camera",
    "retention.visitor-badge",
    "nmae",
]


@MANY
@given(
    raw=st.binary(max_size=200)
    | st.lists(
        st.tuples(st.sampled_from(SETTING_KEYS), HOSTILE | st.integers() | st.booleans()),
        max_size=4,
    ).map(
        lambda pairs: "".join(
            f"[{key.split('.')[0]}]\n{key.split('.')[-1]} = {value!r}\n".replace(
                "True", "true"
            ).replace("False", "false")
            for key, value in pairs
        ).encode("utf-8", "surrogatepass")
    )
)
@example(raw=b"[site]\ntimezone = '" + b"a/" * 1000 + b"b'\n")  # crashed zoneinfo
def test_any_config_file_loads_or_names_the_setting(tmp_path_factory, raw) -> None:
    path = tmp_path_factory.getbasetemp() / "config.toml"
    path.write_bytes(raw)
    try:
        load_settings(path, environ={}, overrides={"paths.data_dir": str(path.parent)})
    except SettingsError as refused:
        assert str(refused) and "\n" not in str(refused)
