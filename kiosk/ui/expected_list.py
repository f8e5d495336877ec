"""Today's expected guests, for reception (staff mode only)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.i18n import clock_time, long_date
from kiosk.services.expected import expected_guests
from kiosk.ui.kv import load_layout

load_layout(__file__)


class ExpectedScreen(Screen):
    heading = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        zone = ZoneInfo(app.kiosk.site.timezone)
        today = datetime.now(zone)
        self.heading = _("Expected today, {date}").format(date=long_date(today, app.language))
        status = {"pending": _("Expected"), "checked_in": _("On site"), "cancelled": _("Cancelled")}
        rows = self.ids.rows
        rows.clear_widgets()
        guests = expected_guests(app.kiosk, today.date())
        if guests:
            for title in (_("Time"), _("Guest"), _("Host"), _("Status"), _("Code")):
                rows.add_widget(Factory.RowCell(text=title, bold=True, color=(0.78, 0.84, 0.9, 1)))
        for guest in guests:
            start = guest.starts_at.astimezone(zone)
            when = clock_time(start, app.language) if start.date() == today.date() else "\u2026"
            cells = (
                when,
                guest.guest_name,
                guest.host_name,
                status[guest.status],
                guest.short_code,
            )
            for text in cells:
                rows.add_widget(Factory.RowCell(text=text))
        self.ids.empty.text = "" if guests else _("Nobody is expected today.")
