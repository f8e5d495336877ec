"""Staff mode's start: what needs attention, who is on site or expected, registering a guest,
the printer's status, and leaving."""

import threading

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.services.reception.alerts import open_alerts
from kiosk.services.reception.printer import printer_status
from kiosk.ui.kv import load_layout
from kiosk.ui.messages import printer_state

load_layout(__file__)


class StaffHomeScreen(Screen):
    alerts = NumericProperty(0)
    printer = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        self.alerts = len(open_alerts(app.kiosk))
        self.printer = app.tr._("Printer: asking\u2026")
        threading.Thread(target=self._ask_printer, args=(app,), daemon=True).start()

    def _ask_printer(self, app) -> None:
        """A network printer may take the printer time-out to answer: not on the UI thread."""
        status = printer_state(printer_status(app.kiosk), app.tr._)
        text = app.tr._("Printer: {status}").format(status=status)
        Clock.schedule_once(lambda _dt: setattr(self, "printer", text))

    def leave(self) -> None:
        App.get_running_app().leave_staff_mode()
