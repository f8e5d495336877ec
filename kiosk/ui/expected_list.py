"""Today's expected guests, for reception (staff mode only)."""

from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.clock import all_day, local_now
from kiosk.i18n import clock_time, long_date
from kiosk.services.reception.expected import expected_guests
from kiosk.ui.kv import load_layout
from kiosk.ui.rows import RowsScreen

load_layout(__file__)


class ExpectedScreen(RowsScreen, Screen):
    heading = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        zone = ZoneInfo(app.kiosk.site.timezone)
        today = local_now(app.kiosk.site.timezone)
        self.heading = _("Expected today, {date}").format(date=long_date(today, app.language))
        status = {
            "expected": _("Not arrived yet"),
            "on_site": _("On site"),
            "signed_out": _("Signed out"),
            "cancelled": _("Cancelled"),
        }
        self.start_rows()
        guests = expected_guests(app.kiosk, today.date())
        if guests:
            self.add_headings(_("Time"), _("Guest"), _("Host"), _("Status"), _("Code"))
        for guest in guests:
            start = guest.starts_at.astimezone(zone)
            when = clock_time(start, app.language) if start.date() == today.date() else "\u2026"
            if all_day(guest.starts_at, guest.ends_at, app.kiosk.site.timezone):
                when = _("All day")
            self.add_cells(
                when, guest.guest_name, guest.host_name, status[guest.status], guest.short_code
            )
        self.ids.empty.text = "" if guests else _("Nobody is expected today.")
