"""Staff register a guest on a host's behalf: the host, the kind of visit and the time, then
the registry's fields for an invitation of that kind, each with its "why do we ask?"."""

from datetime import date, time

from kivy.app import App
from kivy.properties import DictProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.clock import local_today
from kiosk.errors import KioskError
from kiosk.privacy.registry import Intake
from kiosk.services.directory.hosts import list_hosts
from kiosk.services.intake.fields import Prompt, prompts
from kiosk.services.invitations.invite import InvitationRequest, invite
from kiosk.ui.field_form import FieldForm
from kiosk.ui.kv import load_layout
from kiosk.ui.touch_keyboard import TypingScreen
from kiosk.ui.why import show_why
from kiosk.words import describe

load_layout(__file__)


class PreRegisterScreen(TypingScreen, Screen):
    text_fields = ("day", "start", "end")
    start_on_symbols = ("day", "start", "end")
    message = StringProperty()
    hosts = DictProperty()
    """Host label shown in the list → the host's email."""
    visit_types = DictProperty()
    """Kind of visit, in the screen's language → its registry key."""

    def on_kv_post(self, *args) -> None:
        super().on_kv_post(*args)
        self.form = FieldForm(self, self.ids.fields, explain=self.explain)

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        views = list_hosts(app.kiosk)
        self.hosts = {f"{v.name} ({v.unit})" if v.unit else v.name: v.email for v in views}
        registry = app.kiosk.gateway.registry
        self.visit_types = registry.visit_type_names(app.language)
        first = registry.visit_types[registry.usual_visit_type]
        self.ids.visit_type.text = registry.text(first.label, app.language)
        self.visit_type_chosen()
        self._today()
        self.message = ""

    def on_leave(self, *_args) -> None:
        """Nothing typed about a guest stays in the form once staff walk away."""
        self._clear()
        self.message = ""

    @property
    def visit_type(self) -> str:
        registry = App.get_running_app().kiosk.gateway.registry
        return self.visit_types.get(self.ids.visit_type.text, registry.usual_visit_type)

    def visit_type_chosen(self) -> None:
        app = App.get_running_app()
        self.form.show(prompts(app.kiosk, Intake.INVITATION, self.visit_type, app.language))

    def explain(self, prompt: Prompt) -> None:
        show_why(prompt.key, prompt.purpose)

    def submit(self) -> None:
        app = App.get_running_app()
        _ = app.tr._
        ids = self.ids
        if ids.host.text not in self.hosts:
            self.message = _("Choose the host.")
            return
        try:
            request = InvitationRequest(
                host_email=self.hosts[ids.host.text],
                day=date.fromisoformat(ids.day.text.strip()),
                values=self.form.values(),
                start_time=time.fromisoformat(ids.start.text) if ids.start.text.strip() else None,
                end_time=time.fromisoformat(ids.end.text) if ids.end.text.strip() else None,
                visit_type=self.visit_type,
            )
        except ValueError:
            self.message = _("Check the date (YYYY-MM-DD) and the times (HH:MM).")
            return
        try:
            made = invite(app.kiosk, request, app.staff_actor)
        except KioskError as error:
            self.message = describe(error, _, self.form.label_of)
            return
        app.outbox_worker.poke()
        self.message = _("{guest} is invited. Code: {code}").format(
            guest=request.values.get("visitor.name", ""), code=made.short_code
        )
        self._clear()

    def _today(self) -> None:
        self.ids.day.text = local_today(App.get_running_app().kiosk.site.timezone).isoformat()

    def _clear(self) -> None:
        self.clear_fields()
        self.form.clear()
        self.visit_type_chosen()
        self._today()
