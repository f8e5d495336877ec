"""The staff form on the kiosk asks for a field the site's own registry adds, with its "why do
we ask?", and stores it for the purpose the registry binds it to."""

import pytest

from kiosk.services.reception.expected import expected_guests
from tests.builders import site_registry
from tests.ui.driving import add_demo_host, unlock


@pytest.fixture
def kiosk_overrides(tmp_path) -> dict[str, str]:
    return {"privacy.registry": str(site_registry(tmp_path))}


def test_the_staff_form_asks_for_the_sites_own_field(kiosk_app) -> None:
    add_demo_host(kiosk_app)
    unlock(kiosk_app)
    kiosk_app.tap("register")
    fields = kiosk_app.widget("fields").walk(restrict=True)
    labels = [w.text for w in fields if type(w).__name__ == "FieldLabel"]
    assert "Kebutuhan aksesibilitas" in labels
    kiosk_app.tap("why_accessibility_needs")
    popup = kiosk_app.window.children[0]
    assert popup.ids.why.text == "Agar resepsionis dapat menyiapkan bantuan yang Anda perlukan."
    kiosk_app._tap_widget(popup.ids.close)
    kiosk_app.choose("host", "Rina Wijaya (12F)")
    kiosk_app.type_text("name", "Siti Rahmawati")
    kiosk_app.type_text("accessibility_needs", "Kursi roda")
    kiosk_app.screenshot("staff-register-site-field-id")
    kiosk_app.tap("submit")
    assert kiosk_app.widget("message").text.startswith("Siti Rahmawati diundang.")

    kiosk = kiosk_app.app.kiosk
    (expected,) = expected_guests(kiosk, kiosk_app.app.kiosk_today())
    with kiosk.unit_of_work() as uow:
        invitation = uow.invitations.get(kiosk.site.id, expected.invitation_id)
        held = kiosk.gateway.values(uow, uow.subjects.get(invitation.guest_subject_id))
    assert held["visitor.accessibility_needs", "visitor-sign-in-services"] == "Kursi roda"
