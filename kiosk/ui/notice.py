"""The privacy notice a guest sees before anything is captured, with a QR code to the policy."""

import io

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.factory import Factory
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.services.lobby.notice import lobby_notice
from kiosk.services.visits.admission import ConsentGiven
from kiosk.ui.kv import load_layout
from kiosk.ui.why import fallback_note

load_layout(__file__)


class NoticeScreen(Screen):
    controller = StringProperty()
    contact = StringProperty()
    policy_qr = ObjectProperty(None, allownone=True)

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        state = app.lobby.state
        notice = lobby_notice(app.kiosk, state.intake, state.visit_type, app.language)
        self.controller, self.contact = notice.controller, notice.contact
        self.policy_qr = CoreImage(io.BytesIO(notice.policy_qr_png), ext="png").texture
        rows = self.ids.purposes
        rows.clear_widgets()
        _ = app.tr._
        if notice.shown_in:
            rows.add_widget(Factory.NoticeLine(text=fallback_note(notice.shown_in, _)))
        for item in notice.items:
            text = _("{purpose}: {description} Legal basis: {basis}. Kept {retention}.").format(
                purpose=item.purpose,
                description=item.description,
                basis=item.basis,
                retention=item.retention,
            )
            rows.add_widget(Factory.NoticeLine(text=text))
        self._offered = {}
        for offer in notice.consents:
            row = Factory.ConsentRow()
            row.ids.text.text = offer.text
            self._offered[offer.purpose] = row
            self.ids[f"consent_{offer.purpose}"] = row.ids.box
            rows.add_widget(row)

    def accept(self) -> None:
        """Continue, with the consents whose (unticked by default) boxes the guest ticked."""
        ticked = tuple(
            ConsentGiven(key, row.ids.text.text)
            for key, row in self._offered.items()
            if row.ids.box.active
        )
        app = App.get_running_app()
        app.step(app.lobby.accept_notice, ticked)
