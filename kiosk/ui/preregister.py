"""Staff register a guest on a host's behalf; each personal field has its "why do we ask?"."""

from datetime import date, time

from kivy.app import App
from kivy.properties import DictProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.clock import local_today
from kiosk.errors import KioskError
from kiosk.services.directory.hosts import list_hosts
from kiosk.services.invitations.invite import EXTRA_PURPOSES, InvitationRequest, invite
from kiosk.ui.kv import load_layout
from kiosk.ui.messages import describe
from kiosk.ui.touch_keyboard import TypingScreen
from kiosk.ui.why import show_why

load_layout(__file__)


class PreRegisterScreen(TypingScreen, Screen):
    text_fields = (
        "guest_name",
        "guest_email",
        "guest_phone",
        "day",
        "start",
        "end",
        "id_last4",
        "parking_plate",
        "note",
    )
    words_capitalised = ("guest_name",)
    start_on_symbols = ("guest_phone", "day", "start", "end")
    message = StringProperty()
    hosts = DictProperty()
    """Host label shown in the list → the host's email."""
    visit_types = DictProperty()
    """Kind of visit, in the screen's language → its registry key."""
    languages = DictProperty({"Bahasa Indonesia": "id", "English": "en"})
    id_types = ListProperty()
    no_id = StringProperty("-")

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        views = list_hosts(app.kiosk)
        self.hosts = {f"{v.name} ({v.unit})" if v.unit else v.name: v.email for v in views}
        registry = app.kiosk.gateway.registry
        self.id_types = list(registry.fields["visitor.id_type"].choices)
        self.visit_types = registry.visit_type_names(app.language)
        self.ids.visit_type.text = registry.visit_types["meeting"].label[app.language]
        self.ids.language.text = next(k for k, v in self.languages.items() if v == app.language)
        self._today()
        self.message = ""

    def on_leave(self, *_args) -> None:
        """Nothing typed about a guest stays in the form once staff walk away."""
        self._clear()
        self.message = ""

    def purpose_of(self, field: str) -> str:
        registry = App.get_running_app().kiosk.gateway.registry
        if field in EXTRA_PURPOSES:
            return EXTRA_PURPOSES[field]
        return registry.purpose_for_visit(field, self.visit_types[self.ids.visit_type.text])

    def explain(self, field: str) -> None:
        show_why(field, self.purpose_of(field))

    def submit(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        ids = self.ids
        try:
            request = InvitationRequest(
                host_email=self.hosts[ids.host.text],
                guest_name=ids.guest_name.text,
                guest_email=ids.guest_email.text.strip() or None,
                guest_phone=ids.guest_phone.text.strip() or None,
                day=date.fromisoformat(ids.day.text.strip()),
                start_time=time.fromisoformat(ids.start.text) if ids.start.text.strip() else None,
                end_time=time.fromisoformat(ids.end.text) if ids.end.text.strip() else None,
                visit_type=self.visit_types[ids.visit_type.text],
                language=self.languages[ids.language.text],
                note=ids.note.text.strip() or None,
                id_type=None if ids.id_type.text == self.no_id else ids.id_type.text,
                id_last4=ids.id_last4.text.strip() or None,
                parking_plate=ids.parking_plate.text.strip() or None,
                wifi=ids.wifi.active,
            )
        except KeyError:
            self.message = _("Choose the host.")
            return
        except ValueError:
            self.message = _("Check the date (YYYY-MM-DD) and the times (HH:MM).")
            return
        try:
            made = invite(app.kiosk, request, app.staff_actor)
        except KioskError as error:
            self.message = describe(error, _)
            return
        app.outbox_worker.poke()
        self.message = _("{guest} is invited. Code: {code}").format(
            guest=request.guest_name, code=made.short_code
        )
        self._clear()

    def _today(self) -> None:
        timezone = App.get_running_app().kiosk.site.timezone
        self.ids.day.text = local_today(timezone).isoformat()

    def _clear(self) -> None:
        self.clear_fields()
        self._today()
        self.ids.id_type.text = self.no_id
        self.ids.wifi.active = False
