"""The "why do we ask?" pop-up beside an input: the field's reason, purpose, basis, retention."""

from kivy.app import App
from kivy.factory import Factory

from kiosk.privacy.wording import why_we_ask


def show_why(field: str, purpose: str) -> None:
    app = App.get_running_app()
    _ = app.tr._
    why = why_we_ask(app.kiosk.gateway.policy, field, purpose, app.language)
    popup = Factory.WhyPopup(title=_("Why do we ask?"))
    popup.ids.why.text = why.why
    popup.ids.details.text = "\n".join(
        [
            _("Purpose: {purpose}").format(purpose=why.purpose),
            _("Legal basis: {basis}").format(basis=why.basis),
            _("Kept: {retention}").format(retention=why.retention),
        ]
    )
    popup.open()
