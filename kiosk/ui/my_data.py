"""A guest's own data at the kiosk: they scan their badge, and read what is held about them,
why, until when and who received it (no value but their short name: the lobby is public); the
values themselves are emailed to them as a link to their data, where an address is held (see
:mod:`kiosk.services.rights.at_kiosk`)."""

from kivy.app import App
from kivy.factory import Factory
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.i18n import When
from kiosk.services.rights.at_kiosk import BadgeAnswer, answer_for_badge
from kiosk.services.rights.self_service import email_link_to
from kiosk.ui.kv import load_layout

load_layout(__file__)


class MyDataScreen(Screen):
    title = StringProperty()
    intro = StringProperty()
    elsewhere = StringProperty()
    """Where to see the values themselves, correct or erase them: the portal's /privacy."""
    status = StringProperty()
    can_email = BooleanProperty(False)

    def on_pre_enter(self, *_args) -> None:
        _ = App.get_running_app().tr._
        self._answer: BadgeAnswer | None = None
        self.title = _("Your data")
        self.intro = _(
            "Hold the QR code on your badge under the scanner: we show what we hold about you, "
            "why, and until when."
        )
        self.elsewhere = _(
            "To see the values themselves, correct or erase them: {url}, with your email or "
            "phone number."
        ).format(url=App.get_running_app().kiosk.settings.policy_url.split("://", 1)[-1])
        self.status = ""
        self.can_email = False
        self.ids.held.clear_widgets()

    def badge_read(self, code: str) -> None:
        app = App.get_running_app()
        _ = app.tr._
        answer = answer_for_badge(app.kiosk, code, app.language)
        if answer is None:
            self.status = _("We do not know this badge. Please ask reception.")
            return
        self._answer = answer
        when = When(app.kiosk.site.timezone, app.language, _)
        self.title = (
            _("What we hold about {name}").format(name=answer.name)
            if answer.name
            else _("What we hold about you")
        )
        self.intro = ""
        self.status = ""
        self.can_email = answer.email_held
        rows = self.ids.held
        rows.clear_widgets()
        for line in answer.held:
            until = (
                _("kept until {day}").format(day=when.day(line.until))
                if line.until
                else _("kept while your visit needs it")
            )
            rows.add_widget(Factory.HeldLine(text=f"{line.label}: {line.why} · {until}"))
        if answer.received:
            rows.add_widget(Factory.HeldHeading(text=_("Who received it")))
        for sent in answer.received:
            at = f"{when.day(sent.at)} {when.clock(sent.at)}"
            rows.add_widget(Factory.HeldLine(text=f"{at}: {sent.who}"))

    def email_me(self) -> None:
        _ = App.get_running_app().tr._
        sent = self._answer is not None and email_link_to(
            App.get_running_app().kiosk, self._answer.proved
        )
        self.can_email = not sent
        self.status = (
            _("Sent: a link to all of it is in your email, for 24 hours.")
            if sent
            else _("It could not be sent now. Please ask reception.")
        )

    def back(self) -> None:
        App.get_running_app().leave_staff_mode()
