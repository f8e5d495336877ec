"""Staff mode: who is in the building now, with a reprint and a sign-out for each guest."""

from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.i18n import clock_time
from kiosk.services.outbox.badges import reprint
from kiosk.services.visits.check_out import check_out
from kiosk.services.visits.on_site import OnSite, on_site
from kiosk.ui.kv import load_layout
from kiosk.ui.rows import RowsScreen

load_layout(__file__)


class OnSiteScreen(RowsScreen, Screen):
    heading = StringProperty()
    message = StringProperty()

    def refresh(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        guests = on_site(app.kiosk)
        self.heading = _("On site now: {count}").format(count=len(guests))
        self.start_rows()
        zone = ZoneInfo(app.kiosk.site.timezone)
        for guest in guests:
            since = clock_time(guest.since.astimezone(zone), app.language)
            number = guest.badge_number
            self.add_cells(f"#{number}", guest.guest_name, guest.host_name, since)
            self.add_buttons(
                [
                    (f"reprint_{number}", _("Reprint"), lambda g=guest: self._reprint(g)),
                    (f"sign_out_{number}", _("Check out guest"), lambda g=guest: self._sign_out(g)),
                ]
            )
        self.ids.empty.text = "" if guests else _("Nobody is on site.")

    def _reprint(self, guest: OnSite) -> None:
        app = App.get_running_app()
        reprint(app.kiosk, guest.visit_id)
        app.outbox_worker.poke()
        self.message = app.tr._("Badge {number} sent to the printer again").format(
            number=guest.badge_number
        )

    def _sign_out(self, guest: OnSite) -> None:
        app = App.get_running_app()
        check_out(app.kiosk, guest.visit_id)
        self.message = app.tr._("{name} is signed out").format(name=guest.guest_name)
        self.refresh()
