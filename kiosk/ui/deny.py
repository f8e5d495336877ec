"""Staff mode: the deny list. Who may not enter (names match whatever their case or accents),
why, until when; add someone with the on-screen keyboard, or lift a ban."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from kivy.app import App
from kivy.properties import DictProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.clock import utc_now
from kiosk.errors import KioskError
from kiosk.i18n import long_date
from kiosk.privacy.registry import Intake
from kiosk.services.intake.fields import prompts
from kiosk.services.screening.deny_list import (
    DenyRequest,
    add_to_deny_list,
    deny_list,
    remove_from_deny_list,
)
from kiosk.ui.field_form import FieldForm
from kiosk.ui.kv import load_layout
from kiosk.ui.rows import RowsScreen
from kiosk.ui.touch_keyboard import TypingScreen
from kiosk.words import describe

load_layout(__file__)
PERIODS_DAYS = (30, 90, 365)


class DenyListScreen(TypingScreen, RowsScreen, Screen):
    heading = StringProperty()
    message = StringProperty()
    periods = DictProperty()
    """How long a new ban lasts, by its words in the screen's language."""

    def on_kv_post(self, *args) -> None:
        super().on_kv_post(*args)
        self.form = FieldForm(self, self.ids.fields)

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        _ = app.tr._
        self.periods = {_("{days} days").format(days=days): days for days in PERIODS_DAYS}
        self._new_form()
        super().on_pre_enter()

    def _new_form(self) -> None:
        app = App.get_running_app()
        self.ids.period.text = next(iter(self.periods))
        self.form.clear()
        self.form.show(prompts(app.kiosk, Intake.DENY_LIST, None, app.language))

    def on_leave(self, *_args) -> None:
        self.form.clear()

    def refresh(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        entries = deny_list(app.kiosk, app.staff_actor)
        self.heading = _("Deny list: {count}").format(count=len(entries))
        self.start_rows()
        zone = ZoneInfo(app.kiosk.site.timezone)
        for entry in entries:
            until = long_date(entry.until.astimezone(zone), app.language)
            shown_id = f"{entry.id_type} \u2026{entry.id_last4}" if entry.id_last4 else ""
            self.add_cells(entry.name, entry.reason, until, shown_id)
            lift = (f"lift_{entry.id}", _("Lift the ban"), lambda e=entry.id: self.lift(e))
            self.add_buttons([lift])
        self.ids.empty.text = "" if entries else _("Nobody is on the deny list.")

    def add(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        days = self.periods.get(self.ids.period.text, PERIODS_DAYS[0])
        values = self.form.values()
        request = DenyRequest(values, until=utc_now() + timedelta(days=days))
        try:
            add_to_deny_list(app.kiosk, request, app.staff_actor)
        except KioskError as error:
            self.message = describe(error, _, self.form.label_of)
            return
        name = values.get("visitor.deny_name", "")
        self.message = _("{name} is on the deny list").format(name=name)
        self._new_form()
        self.refresh()

    def lift(self, entry_id: int) -> None:
        app = App.get_running_app()
        remove_from_deny_list(app.kiosk, entry_id, app.staff_actor)
        self.message = app.tr._("The ban is lifted")
        self.refresh()
