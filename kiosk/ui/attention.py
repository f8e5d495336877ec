"""Staff mode: the guests the kiosk sent to reception and the badges that did not print, with
what staff can do about each: admit the guest after checking them, reprint, or mark it done."""

from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.errors import KioskError
from kiosk.i18n import clock_time
from kiosk.services.alert_reasons import KIOSK_ALERTS, reason_text
from kiosk.services.reception.alerts import (
    AlertView,
    admit,
    open_alerts,
    reprint_for,
    resolve_alert,
)
from kiosk.ui.kv import load_layout
from kiosk.ui.rows import Choice, RowsScreen
from kiosk.words import describe

load_layout(__file__)


class AttentionScreen(RowsScreen, Screen):
    heading = StringProperty()
    message = StringProperty()

    def refresh(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        alerts = open_alerts(app.kiosk)
        self.heading = _("Needs attention: {count}").format(count=len(alerts))
        self.start_rows()
        zone = ZoneInfo(app.kiosk.site.timezone)
        for alert in alerts:
            who = alert.guest_name or (
                _("Kiosk {kiosk}").format(kiosk=alert.kiosk_id)
                if alert.reason in KIOSK_ALERTS
                else _("Unknown code")
            )
            if alert.host_name:
                who += " / " + alert.host_name
            when = clock_time(alert.at.astimezone(zone), app.language)
            why = reason_text(alert.reason, _)
            if alert.times > 1:
                why = _("{reason} ({times} times)").format(reason=why, times=alert.times)
            self.add_cells(when, who, why)
            self.add_buttons(self._choices(alert, _))
        self.ids.empty.text = "" if alerts else _("Nothing needs attention.")

    def _choices(self, alert: AlertView, _) -> list[Choice]:
        choices = [("done", _("Done"), self._done)]
        if alert.can_admit:
            choices.insert(0, ("admit", _("Checked: let in"), self._admit))
        if alert.can_reprint:
            choices.insert(0, ("reprint", _("Reprint"), self._reprint))
        return [
            (f"{key}_{alert.id}", label, lambda act=action: self._run(act, alert))
            for key, label, action in choices
        ]

    def _run(self, action, alert: AlertView) -> None:
        try:
            self.message = action(alert)
        except KioskError as error:
            self.message = describe(error, App.get_running_app().tr._, lambda _field: None)
        self.refresh()

    def _admit(self, alert: AlertView) -> str:
        app = App.get_running_app()
        result = admit(app.kiosk, alert.id, app.staff_actor)
        app.outbox_worker.poke()
        return app.tr._("Checked in: badge {number}").format(number=result.visit.badge_number)

    def _reprint(self, alert: AlertView) -> str:
        app = App.get_running_app()
        reprint_for(app.kiosk, alert.id)
        app.outbox_worker.poke()
        return app.tr._("Badge {number} sent to the printer again").format(
            number=alert.badge_number
        )

    def _done(self, alert: AlertView) -> str:
        app = App.get_running_app()
        resolve_alert(app.kiosk, alert.id, app.staff_actor)
        return ""
