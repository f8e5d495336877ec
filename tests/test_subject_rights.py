"""Data-subject requests: an export that lists every value with its purpose and trail and
redacts the host's note; an erasure that leaves none of the person's values anywhere in the
database; consent withdrawal; legal holds."""

import json
import stat
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import make_url, select, text

from kiosk.errors import Conflict
from kiosk.privacy.gateway import Capture, Notice, Source
from kiosk.privacy.site_policy import site_policy
from kiosk.services.invitations.invite import invite
from kiosk.services.rights.export_page import render_export
from kiosk.services.rights.requests import (
    REDACTED,
    PersonQuery,
    erase_people,
    export_people,
    hold,
    reapply_erasures,
    release,
    withdraw_consent,
)
from kiosk.services.visits.admission import ConsentGiven
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from kiosk.services.visits.on_site import on_site
from tests.builders import DURING, found_in_database, member, print_badges, request, run
from tests.privacy_helpers import held_bytes

SITI = PersonQuery(email="siti@tamu.example")
NOTE = "Tamu VIP, suka kopi tubruk"
NEXT_DAY = DURING + timedelta(days=1)


def guest_with_history(site):
    """Siti: two visits (the first with her host's note, a badge printed, and a marketing
    consent given at check-in and later withdrawn; the second goes on); Budi, another guest,
    beside her."""
    site.gateway.policy = site_policy(replace(site.settings, privacy_enable=("visitor-marketing",)))
    first = invite(site, request(reception_note=NOTE, phone="0812 3456 7890"), "staff:test")
    second = invite(site, request(day=NEXT_DAY.date()), "staff:test")
    invite(site, request(name="Budi Santoso", email="budi@tamu.example"), "staff:t")
    ticked = (ConsentGiven("visitor-marketing", "Kirimi saya kabar"),)
    visit = check_in(site, first.id, consents=ticked, now=DURING).visit
    assert print_badges(site, now=DURING).counts == {"sent": 1}
    check_out(site, visit.id, now=DURING + timedelta(hours=1))
    check_in(site, second.id, now=NEXT_DAY)
    assert withdraw_consent(site, SITI, "visitor-marketing", "staff:test") == 1


def test_the_export_lists_every_value_with_purpose_and_trail_and_redacts_the_note(site) -> None:
    guest_with_history(site)
    document = export_people(site, SITI, "staff:test")
    first, second = document["people"]
    assert {(v["field"], v["purpose"]) for v in first["values"]} >= {
        ("visitor.name", "visitor-identification"),
        ("visitor.email", "visitor-identification"),
        ("visitor.phone", "visitor-identification"),
        ("visitor.reception_note", "visitor-sign-in-services"),
    }
    assert ("visitor.email", "visitor-marketing") not in {
        (v["field"], v["purpose"]) for v in first["values"]
    }, "withdrawing the consent erased what only it used"
    by_field = {v["field"]: v for v in first["values"]}
    name = by_field["visitor.name"]
    assert name["value"] == "Siti Rahmawati"
    assert name["legal_basis"]["gdpr"] == "GDPR Art. 6(1)(f)"
    assert name["legal_basis"]["uu_pdp"].startswith("UU PDP Pasal 20")
    assert name["source"] == "staff_entered" and name["retention_until"]
    assert {"en": "Your host (arrival email)", "id": "Tuan rumah Anda (email kedatangan)"} in (
        name["recipients"]
    )
    assert by_field["visitor.reception_note"]["value"] == REDACTED
    assert {v["field"]: v for v in second["values"]}["visitor.name"]["retention_until"] is None
    (consent,) = first["consents"]
    assert consent["purpose"] == "visitor-marketing" and consent["withdrawn_at"]
    assert len(first["visits"]) == len(second["visits"]) == 1
    assert first["notices_seen"]
    trail = [(t["action"], t["detail"]) for t in first["trail"]]
    for expected in (
        ("print", "badge (printed)"),
        ("consent_given", ""),
        ("consent_withdrawn", ""),
        ("erasure", "consent withdrawn: 1 values erased"),
    ):
        assert expected in trail
    again = export_people(site, SITI, "staff:test")["people"][0]["trail"]
    assert ("export", "access") in [(t["action"], t["detail"]) for t in again], "audited"
    page = render_export(document)
    for text_ in ("Data Anda", "Your data", "Siti Rahmawati", "Tuan rumah Anda"):
        assert text_ in page
    everything = json.dumps(document, ensure_ascii=False) + page
    assert "kopi tubruk" not in everything and "Budi" not in everything


def test_after_erasure_no_value_of_the_person_is_anywhere_in_the_database(
    site, database_url
) -> None:
    guest_with_history(site)
    forms = held_bytes(site, SITI)
    assert len(forms) >= 10 and NOTE.encode() in forms
    assert found_in_database(forms, database_url), "the search must see what is held"
    report = erase_people(site, SITI, "staff:test", force=True)
    assert report.people == 2 and report.kept == []
    assert found_in_database(forms, database_url) == []
    with site.unit_of_work() as uow:
        from kiosk.store.privacy_models import AuditEntry

        erasures = uow.session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "erasure")
        ).all()
        budi = site.gateway.find_subjects(uow, site.site.id, "visitor.email", "budi@tamu.example")
    assert len([d for d in erasures if d.endswith("kept for a legal obligation")]) == 2
    assert len(budi) == 1, "other guests are untouched"
    assert held_bytes(site, PersonQuery(email="budi@tamu.example"))


def test_what_a_legal_obligation_keeps_is_named_and_the_rest_goes(site) -> None:
    site.gateway.policy = site_policy(
        replace(site.settings, privacy_enable=("visitor-legal-compliance",))
    )
    made = invite(site, request(), "staff:test")
    with site.unit_of_work() as uow:
        (subject_id,) = site.gateway.find_subjects(
            uow, site.site.id, "visitor.email", "siti@tamu.example"
        )
        subject = uow.subjects.get(subject_id)
        notice = Notice("test", "id")
        site.gateway.capture(
            uow,
            Capture(
                subject,
                "visitor.id_type",
                "ktp",
                "visitor-legal-compliance",
                Source.STAFF_ENTERED,
                "staff:test",
                notice,
            ),
        )
        uow.commit()
    assert made.id
    report = erase_people(site, SITI, "staff:test")
    assert [(k.field, k.purpose) for k in report.kept] == [
        ("visitor.id_type", "visitor-legal-compliance")
    ]
    with site.unit_of_work() as uow:
        held = site.gateway.values(uow, uow.subjects.get(subject_id))
    assert held == {("visitor.id_type", "visitor-legal-compliance"): "ktp"}


def test_a_legal_hold_stops_erasure_until_released_and_erasures_are_reapplied(site) -> None:
    invite(site, request(), "staff:test")
    hold(site, SITI, "case 2026/114", DURING + timedelta(days=90), "staff:test")
    with pytest.raises(Conflict, match=r"legal hold .* \(case 2026/114\)"):
        erase_people(site, SITI, "staff:test")
    assert release(site, SITI, "staff:test") == 1
    with site.unit_of_work() as uow:
        (subject_id,) = site.gateway.find_subjects(
            uow, site.site.id, "visitor.email", "siti@tamu.example"
        )
        reference = uow.subjects.get(subject_id).reference
    erase_people(site, SITI, "staff:test")
    ledger = (site.settings.data_dir / "erasure-ledger.jsonl").read_text()
    assert reference in ledger and "siti" not in ledger.lower()
    assert reapply_erasures(site, "staff:test") == 0, "nothing came back"


def test_the_subject_commands_export_withdraw_hold_erase_and_purge(site, tmp_path) -> None:
    guest_with_history(site)
    exported = run(
        site, "subject", "export", "--email", "siti@tamu.example", "--out", str(tmp_path)
    )
    assert exported.exit_code == 0 and exported.stdout.startswith("2 people, ")
    (page,) = tmp_path.glob("subject-export-*.html")
    assert "Siti Rahmawati" in page.read_text()
    nobody = run(site, "subject", "erase", "--email", "nobody@tamu.example", "--yes")
    assert nobody.exit_code == 2 and "nobody matches" in nobody.stderr
    unnamed = run(site, "subject", "erase", "--yes")
    assert unnamed.exit_code == 2 and "--email, --phone or --visit" in unnamed.stderr
    held = run(
        site,
        "subject",
        "hold",
        "--email",
        "siti@tamu.example",
        "--reason",
        "case 9",
        "--until",
        "2099-01-01",
    )
    assert held.stdout == "2 people held until 2099-01-01\n"
    refused = run(site, "subject", "erase", "--email", "siti@tamu.example", "--yes", "--force")
    assert refused.exit_code == 2 and "legal hold" in refused.stderr
    assert run(site, "subject", "release", "--email", "siti@tamu.example").exit_code == 0
    erased = run(site, "subject", "erase", "--email", "siti@tamu.example", "--yes", "--force")
    assert "\nerased " in erased.stdout and "of 2 people" in erased.stdout
    dry = run(site, "purge", "--dry-run")
    assert dry.exit_code == 0 and "would purge" in dry.stdout


def test_a_host_erased_leaves_the_directory_and_their_guests_visits_stay(site) -> None:
    made = invite(site, request(), "staff:test")
    check_in(site, made.id, now=DURING)
    report = erase_people(site, PersonQuery(email="rina@menara.example"), "staff:test")
    assert report.people == 1 and report.values_erased >= 2
    with site.unit_of_work() as uow:
        (host,) = uow.hosts.all(site.site.id, active_only=False)
        assert not host.active
        assert site.gateway.values(uow, uow.subjects.get(host.subject_id)) == {}
        assert len(uow.visits.on_site(site.site.id)) == 1


def test_an_erasure_is_repeated_after_a_backup_from_before_it_is_restored(
    make_settings, mail_server, tmp_path
) -> None:
    import sqlite3

    from kiosk.services.bootstrap import open_kiosk
    from kiosk.services.directory.hosts import add_host

    path = tmp_path / "building.sqlite3"
    kiosk = open_kiosk(make_settings(**{"database.url": f"sqlite:///{path}"}))
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example"), "staff:test")
        uow.commit()
    invite(kiosk, request(), "staff:test")
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(path) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    erase_people(kiosk, SITI, "staff:test")
    with sqlite3.connect(backup) as copy, sqlite3.connect(path) as live:
        copy.backup(live)  # the restore brings Siti back
    assert held_bytes(kiosk, SITI), "restored"
    assert reapply_erasures(kiosk, "staff:test") == 1
    with kiosk.unit_of_work() as uow:
        assert kiosk.gateway.find_subjects(uow, kiosk.site.id, "visitor.email", SITI.email) == []


def test_the_commands_find_people_by_phone_and_visit_withdraw_a_consent_and_reapply(
    site, tmp_path
) -> None:
    marketing = {"KIOSK_PRIVACY_ENABLE": "visitor-marketing"}
    site.gateway.policy = site_policy(replace(site.settings, privacy_enable=("visitor-marketing",)))
    made = invite(site, request(phone="0812 3456 7890"), "staff:test")
    ticked = (ConsentGiven("visitor-marketing", "Kirimi saya kabar"),)
    visit = check_in(site, made.id, consents=ticked, now=DURING).visit
    for query in (("--phone", "0812-3456-7890"), ("--visit", str(visit.id))):
        found = run(site, "subject", "export", *query, "--out", str(tmp_path / query[0]))
        assert found.exit_code == 0 and found.stdout.startswith("1 people, "), found.output
    withdrawn = run(
        site,
        *("subject", "withdraw", "--email", "siti@tamu.example"),
        *("--purpose", "visitor-marketing"),
        env=marketing,
    )
    assert withdrawn.stdout == "consent for visitor-marketing withdrawn; 1 values erased\n"
    not_consent = run(
        site, "subject", "withdraw", "--email", "siti@tamu.example", "--purpose", "x", env=marketing
    )
    assert not_consent.exit_code == 2 and "not a purpose based on consent" in not_consent.stderr
    check_out(site, visit.id, now=DURING + timedelta(hours=1))
    assert run(site, "subject", "erase", "--email", "siti@tamu.example", "--yes").exit_code == 0
    again = run(site, "subject", "reapply-erasures")
    assert again.stdout == "0 erasures applied again\n", "nobody came back: nothing to redo"


def test_an_erasure_leaves_no_copy_in_the_log_files_nor_a_preview(site, database_url) -> None:
    """Erased values stayed in a running kiosk's SQLite write-ahead log, and badge previews
    kept the name and host, readable by anyone on the machine."""
    guest_with_history(site)
    previews = list(site.settings.badge_dir.glob("badge-*.png"))
    assert previews and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in previews)
    forms = held_bytes(site, SITI)
    erase_people(site, SITI, "staff:test", force=True)
    assert list(site.settings.badge_dir.glob("badge-*.png")) == [], "her previews are gone"
    if database_url.startswith("sqlite"):
        wal = Path(make_url(database_url).database + "-wal")
        held = wal.read_bytes() if wal.exists() else b""
        assert [form for form in forms if form in held] == [], "nothing left in the WAL"
    else:
        with site.unit_of_work() as uow:
            vacuumed = uow.session.execute(
                text(
                    "SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'personal_values'"
                )
            ).scalar()
        assert vacuumed is not None, "PostgreSQL vacuumed the erased rows away"


def test_what_the_kiosk_writes_about_people_only_its_user_can_read(site, database_url) -> None:
    guest_with_history(site)
    exported = run(site, "subject", "export", "--email", "siti@tamu.example")
    folder = site.settings.data_dir / "exports"
    assert f"{folder}/subject-export-" in exported.stdout, "in the data folder by default"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) == 2 and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    erase_people(site, PersonQuery(email="budi@tamu.example"), "staff:test")
    ledger = site.settings.data_dir / "erasure-ledger.jsonl"
    checkpoint = site.settings.data_dir / "audit-checkpoint.json"
    for path in (ledger, checkpoint):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_new_sqlite_database_is_readable_by_the_kiosks_user_only(make_settings, tmp_path):
    from kiosk.services.bootstrap import open_kiosk

    database = tmp_path / "fresh" / "kiosk.sqlite3"
    kiosk = open_kiosk(make_settings(**{"database.url": f"sqlite:///{database}"}))
    with kiosk.unit_of_work() as uow:
        uow.ping()
        files = [database, *database.parent.glob("kiosk.sqlite3-*")]
        assert len(files) == 3, "the database, its write-ahead log and shared memory"
        assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}


def test_an_erasure_shows_who_matched_and_refuses_a_guest_in_the_building(site) -> None:
    """Erasing a guest who is inside took them off the roll call (the evacuation list)
    without a word; declining the question exited 1 as if something had failed."""
    made = invite(site, request(), "staff:test")
    visit = check_in(site, made.id, now=DURING).visit
    erase = ("subject", "erase", "--email", "siti@tamu.example")

    refused = run(site, *erase, "--yes")
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"kiosk: Siti Rahmawati is in the building now (visit {visit.id}): sign them out "
        "first, or erase anyway with --force (they leave the roll call)\n"
    )
    assert "Siti Rahmawati" in refused.stdout and f"yes (visit {visit.id})" in refused.stdout
    with pytest.raises(Conflict, match="in the building now"):
        erase_people(site, SITI, "staff:test")

    declined = run(site, *erase, "--force", input="n\n")
    assert declined.exit_code == 0 and declined.stdout.endswith("nothing erased\n")
    assert "Erase everything held about this person?" in declined.stdout
    assert [guest.visit_id for guest in on_site(site)] == [visit.id]

    forced = run(site, *erase, "--force", "--yes")
    assert forced.exit_code == 0 and "erased " in forced.stdout
    assert on_site(site) == []
