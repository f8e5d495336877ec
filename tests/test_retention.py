"""The retention purge, with the clock set forward: each purpose's values go at their
retention (a no-show's when the invitation ended), held data stays, visits survive as
anonymous counts, and a second purge changes nothing."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from kiosk.clock import utc_now
from kiosk.privacy.gateway import Source
from kiosk.privacy.registry import Basis, RetentionEvent
from kiosk.privacy.site_policy import site_policy
from kiosk.services.invitations.invite import invite
from kiosk.services.retention.purge import DailyPurge, RetentionShortened, purge
from kiosk.services.rights.requests import PersonQuery, hold
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from tests.builders import DURING, request, run
from tests.privacy_helpers import NOTICE, capture, sample

LEFT = DURING + timedelta(hours=1)


def held_fields(site, email: str) -> set[tuple[str, str]]:
    with site.unit_of_work() as uow:
        subjects = site.gateway.find_subjects(uow, site.site.id, "visitor.email", email)
        return {
            (stored.field, stored.purpose)
            for subject_id in subjects
            for stored in uow.personal_values.of_subject(subject_id)
        }


def visit_and_leave(site, **guest) -> None:
    contract = request(reception_note="Bawa kontrak", parking_plate="B 1234 XYZ", **guest)
    made = invite(site, contract, "t")
    visit = check_in(site, made.id, now=DURING).visit
    check_out(site, visit.id, now=LEFT)


@pytest.fixture
def lobby(site):
    """Siti came and left; Budi never came (a no-show); Citra came, left, and is under a
    legal hold."""
    visit_and_leave(site)
    invite(site, request(name="Budi", email="budi@tamu.example", reception_note="VIP"), "t")
    visit_and_leave(site, name="Citra", email="citra@tamu.example")
    hold(site, PersonQuery(email="citra@tamu.example"), "case 7", LEFT + timedelta(days=400), "t")
    return site


def audit_size(site) -> int:
    with site.unit_of_work() as uow:
        return len(uow.audit.entries(site.site.id))


def test_each_purpose_goes_at_its_retention_and_held_data_stays(lobby) -> None:
    site = lobby
    dry = purge(site, now=LEFT + timedelta(days=2), dry_run=True)
    assert dry.values[("visitor.reception_note", "visitor-sign-in-services")] == 2
    assert ("visitor.reception_note", "visitor-sign-in-services") in held_fields(
        site, "siti@tamu.example"
    ), "a dry run changes nothing"

    two_days = purge(site, now=LEFT + timedelta(days=2))
    assert two_days.values == {
        ("visitor.reception_note", "visitor-sign-in-services"): 2,  # Siti's and no-show Budi's
        ("visitor.parking_plate", "visitor-parking"): 1,
    }
    assert two_days.actions == {"erase": 3}
    siti = held_fields(site, "siti@tamu.example")
    assert ("visitor.name", "visitor-identification") in siti
    assert ("visitor.parking_plate", "visitor-parking") not in siti
    assert ("visitor.reception_note", "visitor-sign-in-services") in held_fields(
        site, "citra@tamu.example"
    ), "held"

    month = purge(site, now=LEFT + timedelta(days=31))
    assert month.values[("visitor.name", "visitor-identification")] == 2
    assert held_fields(site, "siti@tamu.example") == set()
    assert held_fields(site, "budi@tamu.example") == set()
    assert held_fields(site, "citra@tamu.example") == {
        ("visitor.name", "visitor-identification"),
        ("visitor.email", "visitor-identification"),
        ("visitor.parking_plate", "visitor-parking"),
        ("visitor.reception_note", "visitor-sign-in-services"),
    }, "held data is kept"
    assert (month.people, month.visits_counted) == (2, 1)
    with site.unit_of_work() as uow:
        ((day, _host, kind, visits),) = uow.retention.statistics(site.site.id)
        entries = [e for e in uow.audit.entries(site.site.id) if e.action == "purge"]
    assert (day, kind, visits) == (DURING.date(), "meeting", 1), "the visit survives as a count"
    assert entries and all(entry.subject_ref is None for entry in entries)

    before = audit_size(site)
    again = purge(site, now=LEFT + timedelta(days=31))
    assert (sum(again.values.values()), again.people) == (0, 0)
    assert audit_size(site) == before, "a second purge changes nothing"


def test_a_shorter_retention_needs_confirmation_and_is_audited(site) -> None:
    visit_and_leave(site)
    purge(site, now=LEFT)
    site.gateway.policy = site_policy(
        replace(site.settings, retention_days={"visitor-identification": 7})
    )
    with pytest.raises(RetentionShortened, match="visitor-identification: 30 -> 7 days"):
        purge(site, now=LEFT + timedelta(days=8))
    assert ("visitor.name", "visitor-identification") in held_fields(site, "siti@tamu.example")
    report = purge(site, now=LEFT + timedelta(days=8), confirm_shorter=True)
    assert [str(change) for change in report.retention_changes] == [
        "visitor-identification: 30 -> 7 days"
    ]
    assert ("visitor.name", "visitor-identification") not in held_fields(site, "siti@tamu.example")
    with site.unit_of_work() as uow:
        changes = [e for e in uow.audit.entries(site.site.id) if e.action == "retention_change"]
    assert [change.detail for change in changes] == ["visitor-identification: 30 -> 7 days"]


def test_the_running_kiosk_purges_once_a_day_after_closing_time(site) -> None:
    visit_and_leave(site)
    evening = LEFT.replace(hour=23, minute=30) + timedelta(days=2)
    clock = [evening.replace(hour=9)]
    daily = DailyPurge(site, clock=lambda: clock[0])
    assert daily.tick() is None, "not before the day's visits are closed"
    clock[0] = evening
    report = daily.tick()
    assert report.values[("visitor.parking_plate", "visitor-parking")] == 1
    assert daily.tick() is None, "once a day"


def test_every_purpose_is_purged_exactly_at_its_retention(site) -> None:
    registry = site.gateway.registry
    everything = (*registry.purposes, *registry.fields)
    site.gateway.policy = site_policy(replace(site.settings, privacy_enable=everything))
    start = utc_now()
    until: dict[tuple[str, str], datetime] = {}
    with site.unit_of_work() as uow:
        for purpose in registry.purposes.values():
            days = timedelta(days=site.gateway.policy.retention(purpose).days)
            for key, binding in registry.fields.items():
                if purpose.key not in binding.purposes or binding.subject not in purpose.subjects:
                    continue
                subject = uow.subjects.create(site.site.id, binding.subject)
                if purpose.basis is Basis.CONSENT:
                    site.gateway.give_consent(
                        uow, subject, purpose.key, NOTICE, "ya", Source.GUEST_TYPED, "kiosk:t"
                    )
                site.gateway.capture(uow, capture(subject, key, sample(binding), purpose.key))
                if purpose.retention.after is not RetentionEvent.CAPTURE:
                    site.gateway.start_retention(uow, subject, purpose.retention.after, start)
                until[key, purpose.key] = start + days
        uow.commit()
    holding_data = {p for binding in registry.fields.values() for p in binding.purposes}
    assert {purpose for _, purpose in until} == holding_data, "every purpose with data is tried"
    for moment in sorted(set(until.values())):
        kept = purge(site, now=moment - timedelta(minutes=1)).values
        assert not [pair for pair in kept if until[pair] >= moment], "nothing goes early"
        gone = purge(site, now=moment + timedelta(minutes=1)).values
        assert set(gone) == {pair for pair, end in until.items() if end == moment}


def test_a_shorter_retention_is_applied_only_when_staff_confirm_it(site, tmp_path) -> None:
    assert run(site, "purge").exit_code == 0, "the first purge records what is in force"
    shorter = tmp_path / "shorter.toml"
    shorter.write_text("[retention]\nvisitor-identification = 7\n")
    refused = run(site, "--config", str(shorter), "purge")
    assert refused.exit_code == 2
    assert "visitor-identification: 30 -> 7 days" in refused.stderr
    assert "--confirm-shorter" in refused.stderr
    confirmed = run(site, "--config", str(shorter), "purge", "--confirm-shorter")
    assert confirmed.exit_code == 0
    assert "retention changed: visitor-identification: 30 -> 7 days" in confirmed.stdout
