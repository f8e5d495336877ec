"""The "why do we ask?" pop-up beside an input: the field's reason, purpose, basis, retention."""

from kivy.app import App
from kivy.factory import Factory

from kiosk.privacy.wording import why_we_ask


def fallback_note(shown_in: str, _) -> str:
    """Said wherever the privacy policy's words are shown in another language than the screen's."""
    return _("(In {language}: the privacy policy has no version in this language.)").format(
        language=shown_in
    )


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
            *([fallback_note(why.shown_in, _)] if why.shown_in else []),
        ]
    )
    popup.open()
