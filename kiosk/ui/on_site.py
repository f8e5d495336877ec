"""Staff mode: who is in the building now, with a reprint and a sign-out for each guest."""

from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen

from kiosk.i18n import clock_time
from kiosk.services.printing import reprint
from kiosk.services.visits import OnSite, check_out, on_site
from kiosk.ui.kv import load_layout

load_layout(__file__)


class OnSiteScreen(Screen):
    heading = StringProperty()
    message = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        self.message = ""
        self.refresh()

    def refresh(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        guests = on_site(app.kiosk)
        self.heading = _("On site now: {count}").format(count=len(guests))
        self.actions: dict[str, object] = {}
        rows = self.ids.rows
        rows.clear_widgets()
        zone = ZoneInfo(app.kiosk.site.timezone)
        for guest in guests:
            since = clock_time(guest.since.astimezone(zone), app.language)
            for text in (f"#{guest.badge_number}", guest.guest_name, guest.host_name, since):
                rows.add_widget(Factory.RowCell(text=text, height=dp(64)))
            rows.add_widget(self._buttons(guest, _))
        self.ids.empty.text = "" if guests else _("Nobody is on site.")

    def _buttons(self, guest: OnSite, _) -> BoxLayout:
        box = BoxLayout(spacing=dp(8), size_hint_y=None, height=dp(64))
        for key, label, action in (
            ("reprint", _("Reprint"), self._reprint),
            ("sign_out", _("Sign out"), self._sign_out),
        ):
            button = Factory.RowButton(text=label)
            button.bind(on_release=lambda _button, g=guest, act=action: act(g))
            self.actions[f"{key}_{guest.badge_number}"] = button
            box.add_widget(button)
        return box

    def _badge(self, guest: OnSite) -> str:
        return App.get_running_app().kiosk.badge_tokens.token(guest.visit_id)

    def _reprint(self, guest: OnSite) -> None:
        app = App.get_running_app()
        reprint(app.kiosk, self._badge(guest))
        app.outbox_worker.poke()
        self.message = app.tr._("Badge {number} sent to the printer again").format(
            number=guest.badge_number
        )

    def _sign_out(self, guest: OnSite) -> None:
        app = App.get_running_app()
        check_out(app.kiosk, self._badge(guest))
        self.message = app.tr._("{name} is signed out").format(name=guest.guest_name)
        self.refresh()
