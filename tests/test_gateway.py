"""The capture gateway stores only what the registry allows, with provenance, on both backends."""

import tomllib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.errors import CaptureRefused
from kiosk.privacy.gateway import Source
from kiosk.privacy.registry import RetentionEvent
from kiosk.privacy.registry_loader import registry_dir
from kiosk.services.bootstrap import open_kiosk
from tests.builders import BUNDLED_VERSION
from tests.privacy_helpers import NOTICE, capture, sample

# The oracle reads the registry file itself, not the code under test.
DOCUMENT = tomllib.loads((registry_dir() / "2018-05-25.toml").read_text(encoding="utf-8"))
FIELDS = [*sorted(DOCUMENT["fields"]), "visitor.id_number", "member.date_of_birth"]
PURPOSES = [*sorted(DOCUMENT["purposes"]), "visitor-surveillance"]
SITE_ENABLES = ("visitor-marketing", "visitor.photo")


def allowed_by_policy_file(field: str, purpose: str, kind: str, consented: bool) -> bool:
    binding = DOCUMENT["fields"].get(field)
    entry = DOCUMENT["purposes"].get(purpose)
    if binding is None or entry is None:
        return False
    enabled = entry.get("enabled", True) or purpose in SITE_ENABLES
    field_on = binding.get("enabled", True) or field in SITE_ENABLES
    return (
        purpose in binding["purposes"]
        and field.split(".")[0] == kind
        and kind in entry["subjects"]
        and enabled
        and field_on
        and (entry["basis"] != "consent" or consented)
    )


@pytest.fixture
def open_site(database_url: str, make_settings):
    settings_ = make_settings(
        **{"database.url": database_url, "privacy.enable": list(SITE_ENABLES)}
    )
    return open_kiosk(settings_)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    field=st.sampled_from(FIELDS),
    purpose=st.sampled_from(PURPOSES),
    kind=st.sampled_from(["visitor", "member"]),
    consented=st.booleans(),
)
def test_only_registry_allowed_combinations_are_ever_stored(
    open_site, field: str, purpose: str, kind: str, consented: bool
) -> None:
    kiosk = open_site
    binding = kiosk.gateway.registry.fields.get(field)
    value = sample(binding) if binding else "anything"
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.create(kiosk.site.id, kind)
        wants_consent = DOCUMENT["purposes"].get(purpose, {}).get("basis") == "consent"
        if consented and wants_consent and kind in DOCUMENT["purposes"][purpose]["subjects"]:
            kiosk.gateway.give_consent(
                uow, subject, purpose, NOTICE, "Send me news", Source.GUEST_TYPED, "kiosk:test"
            )
        before = uow.personal_values.count(kiosk.site.id)
        try:
            kiosk.gateway.capture(uow, capture(subject, field, value, purpose))
            stored = True
        except CaptureRefused:
            stored = False
        held = uow.personal_values.of_subject(subject.id)
        assert stored == allowed_by_policy_file(field, purpose, kind, consented)
        assert len(held) == (1 if stored else 0)
        assert uow.personal_values.count(kiosk.site.id) == before + len(held)
        uow.commit()


def test_each_refusal_has_its_reason_and_stores_nothing(open_site) -> None:
    kiosk = open_site
    cases = [
        ("visitor.id_number", "visitor-verification", "visitor", "unknown_field"),
        ("visitor.name", "visitor-surveillance", "visitor", "unknown_purpose"),
        ("visitor.name", "member-contract", "visitor", "wrong_subject"),
        ("visitor.parking_plate", "visitor-identification", "visitor", "not_bound"),
        ("visitor.id_last4", "visitor-legal-compliance", "visitor", "purpose_disabled"),
        ("visitor.email", "visitor-marketing", "visitor", "no_consent"),
    ]
    with kiosk.unit_of_work() as uow:
        for field, purpose, kind, reason in cases:
            subject = uow.subjects.create(kiosk.site.id, kind)
            binding = kiosk.gateway.registry.fields.get(field)
            value = sample(binding) if binding else "3174012345678901"
            with pytest.raises(CaptureRefused) as caught:
                kiosk.gateway.capture(uow, capture(subject, field, value, purpose))
            assert caught.value.reason == reason, field
        assert uow.personal_values.count(kiosk.site.id) == 0


def test_the_visitor_photo_is_off_unless_the_site_turns_it_on(kiosk) -> None:
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.create(kiosk.site.id, "visitor")
        photo = sample(kiosk.gateway.registry.fields["visitor.photo"])
        with pytest.raises(CaptureRefused) as caught:
            kiosk.gateway.capture(
                uow, capture(subject, "visitor.photo", photo, "visitor-verification")
            )
    assert caught.value.reason == "field_disabled"


def test_a_value_carries_its_provenance_and_retention(open_site) -> None:
    kiosk = open_site
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.create(kiosk.site.id, "visitor")
        kiosk.gateway.capture(
            uow, capture(subject, "visitor.name", " Siti  Rahmawati ", "visitor-identification")
        )
        kiosk.gateway.give_consent(
            uow,
            subject,
            "visitor-marketing",
            NOTICE,
            "Kirimi saya kabar",
            Source.GUEST_TYPED,
            "kiosk:test",
        )
        kiosk.gateway.capture(
            uow, capture(subject, "visitor.email", "Siti@Example.com", "visitor-marketing")
        )
        uow.commit()
        (email, name) = uow.personal_values.of_subject(subject.id)
        assert (name.field, name.purpose, name.basis) == (
            "visitor.name",
            "visitor-identification",
            "legitimate_interests",
        )
        assert (name.policy_version, name.notice_version, name.notice_language) == (
            BUNDLED_VERSION,
            NOTICE.version,
            "id",
        )
        assert (name.source, name.actor) == ("guest_typed", "kiosk:test")
        assert name.plain_value is None and name.sealed_value and name.lookup_hash is None
        assert name.retention_until is None, "counts from the end of the visit"
        assert email.basis == "consent" and email.lookup_hash

        visit_end = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
        kiosk.gateway.start_retention(uow, subject, RetentionEvent.VISIT_END, visit_end)
        uow.commit()
        name = uow.personal_values.of_subject(subject.id)[1]
        assert name.retention_until == visit_end + timedelta(days=30)
        assert kiosk.gateway.values(uow, subject)["visitor.name", "visitor-identification"] == (
            "Siti Rahmawati"
        )
        found = kiosk.gateway.find_subjects(uow, kiosk.site.id, "visitor.email", "siti@example.COM")
        assert found == [subject.id]


def test_a_withdrawn_consent_stops_capture_at_once(open_site) -> None:
    kiosk = open_site
    with kiosk.unit_of_work() as uow:
        subject = uow.subjects.create(kiosk.site.id, "visitor")
        kiosk.gateway.give_consent(
            uow,
            subject,
            "visitor-marketing",
            NOTICE,
            "Send me news",
            Source.GUEST_TYPED,
            "kiosk:test",
        )
        kiosk.gateway.withdraw_consent(uow, subject, "visitor-marketing", "staff:7")
        with pytest.raises(CaptureRefused) as caught:
            kiosk.gateway.capture(
                uow, capture(subject, "visitor.email", "siti@example.com", "visitor-marketing")
            )
    assert caught.value.reason == "no_consent"
