"""A guest without an invitation: who they are, how to reach them, and whom they visit. The
fields are the registry's for a walk-in of the chosen kind of visit. The host is found by typing
two letters of a host's name or company: hosts only, never guests."""

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import DictProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.privacy.registry import Intake
from kiosk.services.directory.hosts import search_hosts
from kiosk.services.intake.fields import Prompt, prompts
from kiosk.services.visits.walk_in import WalkIn
from kiosk.ui.field_form import FieldForm
from kiosk.ui.kv import load_layout
from kiosk.ui.touch_keyboard import TypingScreen
from kiosk.ui.why import show_why
from kiosk.words import reason_words

load_layout(__file__)


class WalkInScreen(TypingScreen, Screen):
    text_fields = ("host_search",)
    words_capitalised = ("host_search",)
    visit_types = DictProperty()
    host_id = NumericProperty(0)
    host_label = StringProperty()
    problem = StringProperty()

    def on_kv_post(self, *args) -> None:
        super().on_kv_post(*args)
        self.form = FieldForm(self, self.ids.fields, explain=self.explain)

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        registry = app.kiosk.gateway.registry
        self.visit_types = registry.visit_type_names(app.language)
        problem = app.lobby.state.problem
        if problem is None:  # a first visit to the form, not a return to correct something
            first = registry.visit_types[registry.usual_visit_type]
            self.ids.visit_type.text = registry.text(first.label, app.language)
        self.visit_type_chosen()
        self.problem = self._describe(problem)

    def on_leave(self, *_args) -> None:
        """Nothing the guest typed stays on screen once they go."""
        self.form.clear()
        self.clear_fields()
        self.ids.matches.clear_widgets()
        self.host_id, self.host_label, self.problem = 0, "", ""

    @property
    def visit_type(self) -> str:
        registry = App.get_running_app().kiosk.gateway.registry
        return self.visit_types.get(self.ids.visit_type.text, registry.usual_visit_type)

    def visit_type_chosen(self) -> None:
        """The fields asked follow the kind of visit (a vendor gives their company)."""
        app = App.get_running_app()
        self.form.show(prompts(app.kiosk, Intake.WALK_IN, self.visit_type, app.language))

    def explain(self, prompt: Prompt) -> None:
        show_why(prompt.key, prompt.purpose)

    def search(self, text: str) -> None:
        matches = self.ids.matches
        matches.clear_widgets()
        for host in search_hosts(App.get_running_app().kiosk, text):
            label = f"{host.name} ({host.unit})" if host.unit else host.name
            button = Factory.ChoiceButton(text=label)
            button.bind(on_release=lambda _b, h=host.id, shown=label: self.choose(h, shown))
            matches.add_widget(button)
        if matches.children:
            Clock.schedule_once(lambda _dt: self.ids.form_scroll.scroll_to(matches, animate=False))

    def choose(self, host_id: int, label: str) -> None:
        self.host_id, self.host_label = host_id, label
        self.ids.matches.clear_widgets()

    def submit(self) -> None:
        app = App.get_running_app()
        guest = None
        if self.host_id:
            guest = WalkIn(
                host_id=self.host_id,
                values=self.form.values(),
                visit_type=self.visit_type,
                language=app.language,
            )
        app.step(app.lobby.walk_in_submitted, guest)

    def back(self) -> None:
        App.get_running_app().leave_staff_mode()

    def _describe(self, problem: str | None) -> str:
        _ = App.get_running_app().tr._
        if problem is None:
            return ""
        if problem == "missing_host":
            return _("Choose the person you are visiting.")
        said = reason_words(problem, _)
        if said:
            return said
        label = self.form.label_of(problem)
        if label:
            return _("Please check: {field}").format(field=label)
        return _("Please check your details, or ask reception.")
