"""The privacy notice a guest sees before anything is captured: three plain lines (what is kept,
why, for how long), and behind a large "?" who holds the data, the legal bases and statutes,
the guest's rights, the QR code to the policy, and any consent offered. A consent (news and
offers, say) is never on the guest's way: only a guest who opens the "?" sees its box."""

import io
from collections.abc import Callable

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.factory import Factory
from kivy.properties import StringProperty
from kivy.uix.modalview import ModalView
from kivy.uix.screenmanager import Screen

from kiosk.services.lobby.notice import LobbyNotice, lobby_notice
from kiosk.services.visits.admission import ConsentGiven
from kiosk.ui.kv import load_layout
from kiosk.ui.why import fallback_note

load_layout(__file__)


class NoticeScreen(Screen):
    kept = StringProperty()
    why = StringProperty()
    how_long = StringProperty()

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        state = app.lobby.state
        notice = lobby_notice(app.kiosk, state.intake, state.visit_type, app.language)
        self.kept = notice.summary.kept
        self.why = notice.summary.why
        self.how_long = notice.summary.how_long
        self.details = self._details(notice, app.tr._)

    def _details(self, notice: LobbyNotice, _: Callable[[str], str]) -> ModalView:
        """The "?" sheet: who holds the data and how to reach them, each purpose with its legal
        basis, the rights and the policy's QR code, and the consents offered (unticked)."""
        details = Factory.NoticeDetails()
        lines = details.ids.lines
        say = _("{controller} holds your data. Questions about it: {contact}")
        lines.add_widget(
            Factory.NoticeLine(
                text=say.format(controller=notice.controller, contact=notice.contact)
            )
        )
        if notice.shown_in:
            lines.add_widget(Factory.NoticeLine(text=fallback_note(notice.shown_in, _)))
        for item in notice.items:
            text = _("{purpose}: {description} Legal basis: {basis}. Kept {retention}.").format(
                purpose=item.purpose,
                description=item.description,
                basis=item.basis,
                retention=item.retention,
            )
            lines.add_widget(Factory.NoticeLine(text=text))
        self._offered = {}
        for offer in notice.consents:
            row = Factory.ConsentRow()
            row.ids.text.text = offer.text
            self._offered[offer.purpose] = row
            self.ids[f"consent_{offer.purpose}"] = row.ids.box
            lines.add_widget(row)
        rights = Factory.PolicyCode()
        rights.ids.code.texture = CoreImage(io.BytesIO(notice.policy_qr_png), ext="png").texture
        lines.add_widget(rights)
        return details

    def open_details(self) -> None:
        self.details.open()

    def on_leave(self, *_args) -> None:
        self.details.dismiss(animation=False)

    def accept(self) -> None:
        """Continue, with the consents whose (unticked by default) boxes the guest ticked."""
        ticked = tuple(
            ConsentGiven(key, row.ids.text.text)
            for key, row in self._offered.items()
            if row.ids.box.active
        )
        app = App.get_running_app()
        app.step(app.lobby.accept_notice, ticked)
