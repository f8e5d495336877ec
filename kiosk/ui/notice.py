"""The privacy notice a guest sees before anything is captured, with a QR code to the policy."""

import io

from kivy.app import App
from kivy.core.image import Image as CoreImage
from kivy.factory import Factory
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.notify.qr_image import qr_png
from kiosk.privacy.registry import Subject
from kiosk.privacy.wording import notice_items
from kiosk.services.visits import ConsentGiven
from kiosk.ui.kv import load_layout

load_layout(__file__)


class NoticeScreen(Screen):
    controller = StringProperty()
    policy_qr = ObjectProperty(None, allownone=True)

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        kiosk = app.kiosk
        visit_type = app.lobby.state.visit_type
        purposes = list(kiosk.gateway.registry.visit_types[visit_type].purposes)
        if kiosk.settings.verification != "none":
            purposes.append("visitor-verification")
        self.controller = kiosk.gateway.registry.controller
        self.policy_qr = CoreImage(
            io.BytesIO(qr_png(kiosk.settings.policy_url, box_size=4)), ext="png"
        ).texture
        rows = self.ids.purposes
        rows.clear_widgets()
        _ = app.tr._
        for item in notice_items(kiosk.gateway.policy, purposes, app.language):
            text = _("{purpose}: {description} Legal basis: {basis}. Kept {retention}.").format(
                purpose=item.purpose,
                description=item.description,
                basis=item.basis,
                retention=item.retention,
            )
            rows.add_widget(Factory.NoticeLine(text=text))
        self._offered = {}
        for purpose in kiosk.gateway.policy.consent_purposes(Subject.VISITOR):
            row = Factory.ConsentRow()
            row.ids.text.text = purpose.description[app.language]
            self._offered[purpose.key] = row
            self.ids[f"consent_{purpose.key}"] = row.ids.box
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
