"""Reception in staff mode: the guests the kiosk sent to reception and the badges that did not
print, handled from the kiosk (admit after checking, reprint); who is on site, signed out."""

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import update

from kiosk.clock import utc_now
from kiosk.services.lobby.flow import LobbyFlow
from kiosk.services.reception.alerts import open_alerts
from kiosk.services.screening.deny_list import add_to_deny_list, deny_list
from kiosk.services.visits.on_site import on_site
from kiosk.store.models import Invitation
from tests.builders import damage_value, deny
from tests.mail_server import free_port
from tests.ui.accessibility import problems
from tests.ui.driving import invited_now, scan, tap_action, unlock, use_printer


def to_reception(driver, made) -> None:
    scan(driver, made.token)
    driver.tap("accept")
    driver.tap("confirm")
    assert driver.wait_for(lambda: driver.widget("title").text == "Silakan ke resepsionis")
    driver.tap("done")


def test_a_badge_that_did_not_print_is_reprinted_from_staff_mode(kiosk_app) -> None:
    use_printer(kiosk_app, f"tcp://127.0.0.1:{free_port()}")
    made = invited_now(kiosk_app)
    to_reception(kiosk_app, made)
    use_printer(kiosk_app, "dummy:")
    unlock(kiosk_app)
    attention = kiosk_app.widget("attention")
    assert attention.text == "Perlu perhatian: 1"
    assert (
        attention.bold
        and attention.background_color != kiosk_app.widget("on_site").background_color
    )
    assert problems(kiosk_app.screen) == [], "it stands out, and still reads"
    assert kiosk_app.wait_for(
        lambda: (
            kiosk_app.widget("printer").text
            == "Printer: hanya pratinjau (lencana disimpan sebagai gambar)"
        )
    )
    kiosk_app.screenshot("staff-home-id")
    kiosk_app.tap("attention")
    rows = [child.text for child in kiosk_app.widget("rows").children if hasattr(child, "text")]
    assert "Lencana tidak tercetak" in rows
    assert any(text.startswith("Siti Rahmawati / Rina Wijaya") for text in rows)
    kiosk_app.screenshot("staff-attention-id")
    (alert,) = open_alerts(kiosk_app.app.kiosk)
    tap_action(kiosk_app, f"reprint_{alert.id}")
    assert kiosk_app.widget("message").text == "Lencana 1 dikirim lagi ke printer"
    assert kiosk_app.wait_for(lambda: not open_alerts(kiosk_app.app.kiosk), timeout=10), (
        "the alert closes once the badge has printed"
    )
    assert len(list(kiosk_app.app.kiosk.settings.badge_dir.glob("badge-*.png"))) == 1


def test_staff_admit_a_guest_the_kiosk_sent_to_reception(kiosk_app) -> None:
    app = kiosk_app.app
    app.kiosk = replace(app.kiosk, settings=replace(app.kiosk.settings, verification="staff"))
    app.lobby = LobbyFlow(app.kiosk)
    made = invited_now(kiosk_app)
    to_reception(kiosk_app, made)
    assert on_site(app.kiosk) == []
    unlock(kiosk_app)
    kiosk_app.tap("attention")
    (alert,) = open_alerts(app.kiosk)
    assert alert.reason == "staff_check" and alert.can_admit
    tap_action(kiosk_app, f"admit_{alert.id}")
    assert kiosk_app.widget("message").text == "Sudah masuk: lencana 1"
    assert kiosk_app.widget("empty").text == "Tidak ada yang perlu perhatian."
    (guest,) = on_site(app.kiosk)
    assert guest.guest_name == "Siti Rahmawati"
    kiosk_app.tap("back")
    kiosk_app.tap("on_site")
    assert kiosk_app.widget("heading").text == "Di lokasi sekarang: 1"
    kiosk_app.screenshot("staff-on-site-id")
    tap_action(kiosk_app, "sign_out_1")
    assert kiosk_app.widget("message").text == "Siti Rahmawati sudah keluar"
    assert kiosk_app.widget("empty").text == "Tidak ada tamu di lokasi."
    assert on_site(app.kiosk) == []


def test_staff_keep_the_deny_list_on_the_kiosk(kiosk_app) -> None:
    unlock(kiosk_app)
    kiosk_app.tap("deny")
    assert kiosk_app.widget("empty").text == "Tidak ada orang di daftar larangan."
    kiosk_app.tap("add")
    assert kiosk_app.widget("message").text == "Mohon periksa: Nama"
    kiosk_app.type_text("deny_name", "Budi Santoso")
    kiosk_app.type_text("deny_reason", "Kasus 12")
    assert kiosk_app.widget("keyboard").opacity == 1, "the on-screen keyboard is up"
    kiosk_app.choose("id_type", "ktp")
    kiosk_app.type_text("id_last4", "4521")
    kiosk_app.tap("add")
    assert kiosk_app.widget("message").text == "Budi Santoso ada di daftar larangan"
    assert kiosk_app.widget("heading").text == "Daftar larangan: 1"
    kiosk_app.screenshot("staff-deny-list-id")
    (entry,) = deny_list(kiosk_app.app.kiosk, "staff:test")
    assert (entry.name, entry.reason) == ("Budi Santoso", "Kasus 12")
    assert (entry.id_type, entry.id_last4) == ("ktp", "4521")
    cells = [getattr(cell, "text", "") for cell in kiosk_app.widget("rows").children]
    assert "ktp \u20264521" in cells, "reception can tell namesakes apart"
    assert kiosk_app.widget("id_type").text == "(tidak ada)", "the form is cleared"
    tap_action(kiosk_app, f"lift_{entry.id}")
    assert kiosk_app.widget("message").text == "Larangan dicabut"
    assert deny_list(kiosk_app.app.kiosk, "staff:test") == []


def test_an_expired_invitation_or_a_denied_guest_ends_at_reception_and_staff_see_why(
    kiosk_app,
) -> None:
    app = kiosk_app.app
    late = invited_now(kiosk_app, "Budi Santoso")
    with app.kiosk.unit_of_work() as uow:
        ended = utc_now() - timedelta(days=2)
        uow.session.execute(
            update(Invitation).where(Invitation.id == late.id).values(ends_at=ended)
        )
        uow.commit()
    scan(kiosk_app, late.token)
    assert kiosk_app.widget("title").text == "Silakan ke resepsionis"
    assert kiosk_app.widget("subtitle").text == "Petugas kami akan segera membantu Anda.", "not why"
    kiosk_app.tap("done")

    ban = deny("siti RAHMAWATI", "Kasus 7", utc_now() + timedelta(days=30))
    add_to_deny_list(app.kiosk, ban, "staff:test")
    to_reception(kiosk_app, invited_now(kiosk_app))
    assert on_site(app.kiosk) == []

    unlock(kiosk_app)
    kiosk_app.tap("attention")
    assert sorted(alert.reason for alert in open_alerts(app.kiosk)) == ["deny_list", "expired"]
    cells = [getattr(cell, "text", "") for cell in kiosk_app.widget("rows").children]
    assert "Undangan sudah kedaluwarsa" in cells and "Ada di daftar larangan" in cells


def test_a_damaged_name_is_shown_unreadable_and_the_kiosk_goes_on(kiosk_app) -> None:
    """One flipped bit in a guest's stored name used to stop the app on "On site" and on
    scanning that guest's badge."""
    from kiosk.services.visits.check_in import check_in

    kiosk = kiosk_app.app.kiosk
    damaged = check_in(kiosk, invited_now(kiosk_app).id).visit
    check_in(kiosk, invited_now(kiosk_app, "Budi Santoso").id)
    damage_value(kiosk, damaged.guest_subject_id, "visitor.name")
    unlock(kiosk_app)
    kiosk_app.tap("on_site")
    cells = [getattr(cell, "text", "") for cell in kiosk_app.widget("rows").children]
    assert "[tidak terbaca]" in cells and "Budi Santoso" in cells
    kiosk_app.screenshot("staff-on-site-damaged-id")
    kiosk_app.app.leave_staff_mode()
    kiosk_app.settle()
    scan(kiosk_app, kiosk.badge_tokens.token(damaged.id))
    assert kiosk_app.widget("title").text == "Sampai jumpa", "signed out, greeted without a name"
    assert [guest.guest_name for guest in on_site(kiosk)] == ["Budi Santoso"]


def test_repeated_wrong_codes_are_one_counted_line_for_staff(kiosk_app) -> None:
    """Every wrong code filed an alert of its own: a few hundred guesses buried the guest
    who really needed reception."""
    for _ in range(3):
        scan(kiosk_app, "I" + "A" * 22)
        kiosk_app.tap("done")
    unlock(kiosk_app)
    assert kiosk_app.widget("attention").text == "Perlu perhatian: 1"
    kiosk_app.tap("attention")
    rows = [child.text for child in kiosk_app.widget("rows").children if hasattr(child, "text")]
    assert "Kode bukan undangan kami (3 kali)" in rows
    assert "Kode tidak dikenal" in rows
    kiosk_app.screenshot("staff-attention-folded-id")
