"""The kiosk's database (PostgreSQL, shared by a building's kiosks) restarts while a guest is
at the screen: the guest sees "one moment", and the kiosk goes on where it left off once the
database is back; nothing is lost or done twice."""

import pytest
from sqlalchemy import make_url

from kiosk.services.visits.on_site import on_site
from tests.tcp_proxy import TcpProxy
from tests.ui.driving import TAKE_YOUR_BADGE, invited_now, scan

ONE_MOMENT = "Sebentar\u2026"


@pytest.fixture
def proxy(postgres_database: str):
    cut_off = TcpProxy(make_url(postgres_database).port or 5432)
    yield cut_off
    cut_off.cut()


@pytest.fixture
def kiosk_database_url(postgres_database: str, proxy: TcpProxy) -> str:
    """PostgreSQL, through a proxy the test can cut."""
    url = make_url(postgres_database).set(host="127.0.0.1", port=proxy.port)
    return url.render_as_string(hide_password=False)


def test_a_database_restart_shows_one_moment_and_the_check_in_goes_on(kiosk_app, proxy) -> None:
    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    kiosk_app.tap("accept")
    proxy.cut()
    kiosk_app.tap("confirm")
    assert kiosk_app.app.root.current == "one_moment"
    assert kiosk_app.widget("title").text == ONE_MOMENT
    kiosk_app.screenshot("lobby-one-moment-id")
    kiosk_app.frames(30)
    assert kiosk_app.app.root.current == "one_moment", "still waiting while it is down"

    proxy.restore()
    assert kiosk_app.wait_for(lambda: kiosk_app.app.root.current == "result", timeout=15)
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("title").text == TAKE_YOUR_BADGE)
    (guest,) = on_site(kiosk_app.app.kiosk)
    assert guest.guest_name == "Siti Rahmawati" and guest.badge_number == 1


def test_an_outage_on_a_staff_screen_waits_then_returns_to_welcome(kiosk_app, proxy) -> None:
    from kivy.base import ExceptionManager

    from kiosk.errors import DatabaseUnavailable

    proxy.cut()
    handled = ExceptionManager.handle_exception(DatabaseUnavailable("cannot reach the database"))
    assert handled == ExceptionManager.PASS, "the kiosk keeps running"
    assert kiosk_app.app.root.current == "one_moment"
    proxy.restore()
    assert kiosk_app.wait_for(lambda: kiosk_app.app.root.current == "welcome", timeout=15)
