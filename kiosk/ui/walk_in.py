"""A guest without an invitation: who they are, how to reach them, and whom they visit. The
host is found by typing two letters of a host's name or company: hosts only, never guests."""

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import DictProperty, NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.services.directory.hosts import search_hosts
from kiosk.services.visits.visits import WalkIn
from kiosk.ui.kv import load_layout
from kiosk.ui.touch_keyboard import TypingScreen
from kiosk.ui.why import show_why

load_layout(__file__)


class WalkInScreen(TypingScreen, Screen):
    text_fields = ("name", "phone", "email", "company", "host_search")
    words_capitalised = ("name", "company", "host_search")
    start_on_symbols = ("phone",)
    visit_types = DictProperty()
    host_id = NumericProperty(0)
    host_label = StringProperty()
    problem = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        registry = app.kiosk.gateway.registry
        self.visit_types = registry.visit_type_names(app.language)
        problem = app.lobby.state.problem
        if problem is None:  # a first visit to the form, not a return to correct something
            self.ids.visit_type.text = registry.visit_types["meeting"].label[app.language]
        self.problem = self._describe(problem)

    def on_leave(self, *_args) -> None:
        """Nothing the guest typed stays on screen once they go."""
        self.clear_fields()
        self.ids.matches.clear_widgets()
        self.host_id, self.host_label, self.problem = 0, "", ""

    @property
    def visit_type(self) -> str:
        return self.visit_types.get(self.ids.visit_type.text, "meeting")

    def explain(self, field: str) -> None:
        registry = App.get_running_app().kiosk.gateway.registry
        purpose = registry.purpose_for_visit(field, self.visit_type) or "visitor-vendor-engagement"
        show_why(field, purpose)

    def search(self, text: str) -> None:
        matches = self.ids.matches
        matches.clear_widgets()
        for host in search_hosts(App.get_running_app().kiosk, text):
            label = f"{host.name} ({host.unit})" if host.unit else host.name
            button = Factory.HostChoice(text=label)
            button.bind(on_release=lambda _b, h=host.id, shown=label: self.choose(h, shown))
            matches.add_widget(button)
        if matches.children:
            Clock.schedule_once(lambda _dt: self.ids.form_scroll.scroll_to(matches, animate=False))

    def choose(self, host_id: int, label: str) -> None:
        self.host_id, self.host_label = host_id, label
        self.ids.matches.clear_widgets()

    def submit(self) -> None:
        app = App.get_running_app()
        ids = self.ids
        guest = None
        if self.host_id:
            guest = WalkIn(
                name=ids.name.text,
                host_id=self.host_id,
                visit_type=self.visit_type,
                phone=ids.phone.text.strip() or None,
                email=ids.email.text.strip() or None,
                company=ids.company.text.strip() or None,
                language=app.language,
            )
        app.step(app.lobby.walk_in_submitted, guest)

    def back(self) -> None:
        App.get_running_app().leave_staff_mode()

    def _describe(self, problem: str | None) -> str:
        _ = App.get_running_app().tr._
        problems = {
            None: "",
            "missing_host": _("Choose the person you are visiting."),
            "missing_phone": _("Please give your phone number."),
            "missing_email": _("Please give your email address."),
            "missing_either": _("Please give your phone number or your email address."),
            "visitor.name": _("Please check your name."),
            "visitor.phone": _("Please check your phone number."),
            "visitor.email": _("Please check your email address."),
            "visitor.company": _("Please check the company name."),
        }
        return problems.get(problem, _("Please check your details, or ask reception."))
