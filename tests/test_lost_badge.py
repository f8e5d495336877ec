"""A guest who lost their badge signs out by their first name: only today's guests on site,
only by the name they are called by, each shown as "Siti R.", and reception told. On both
backends."""

from kiosk.services.alert_reasons import AlertReason
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.lost_badge import on_site_named, sign_out_without_badge
from kiosk.services.reception.alerts import open_alerts
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from kiosk.services.visits.on_site import on_site
from tests.builders import open_now


def checked_in(site, name: str) -> int:
    return check_in(site, invite(site, open_now(name=name, email=None), "staff:test").id).visit.id


def test_a_guest_finds_themself_by_first_name_and_nobody_else_is_shown_more(site) -> None:
    siti = checked_in(site, "Hj. Siti Rahmawati")
    other_siti = checked_in(site, "Síti Nurhaliza binti Tarudin")
    checked_in(site, "Budi Santoso")
    gone = checked_in(site, "Sitti Aminah")
    check_out(site, gone)

    found = on_site_named(site, "sit")
    assert [(guest.visit_id, guest.shown) for guest in found] == [
        (siti, "Siti R."),
        (other_siti, "Síti N."),
    ]
    assert [guest.visit_id for guest in on_site_named(site, "  SITI ")] == [siti, other_siti]
    assert on_site_named(site, "s") == [], "one letter shows nobody"
    assert on_site_named(site, "rahma") == [], "a family name finds nobody"
    assert on_site_named(site, "sitti") == [], "a guest signed out is not shown"


def test_signing_out_without_the_badge_tells_reception_once(site) -> None:
    visit = checked_in(site, "Siti Rahmawati")

    done = sign_out_without_badge(site, visit)
    again = sign_out_without_badge(site, visit)

    assert done.guest_display_name == "Siti R." and not done.already and again.already
    assert on_site(site) == []
    (alert,) = open_alerts(site)
    assert (alert.reason, alert.guest_name, alert.badge_number) == (
        AlertReason.BADGE_LOST,
        "Siti Rahmawati",
        1,
    )
