"""Holds a screen to the kiosk's page template (kiosk/ui/page.py): its page spans the screen
above any on-screen keyboard with the template's margins, its title sits at the top margin, its
footer on the bottom margin with Back first and the primary action last; every input has its
label right above it; and on a guest's screen no text is smaller than the guest size."""

from tests.ui.accessibility import shown

POSTERS = ("welcome",)
"""Screens drawn as a poster, not on the page template: held to the guest's text size only."""
LABEL_GAP = 16
"""Most pixels (dp) between an input and the label above it."""


def _named(widget) -> str:
    return f"{type(widget).__name__} {getattr(widget, 'text', '')!r}"


def _kind(widget) -> str:
    return type(widget).__name__


def _page_problems(screen, page) -> list[str]:
    from kivy.metrics import dp

    from kiosk.ui.page import MARGIN_X, MARGIN_Y

    found = []
    if list(page.padding) != [dp(MARGIN_X), dp(MARGIN_Y), dp(MARGIN_X), dp(MARGIN_Y)]:
        found.append(f"page margins are {list(page.padding)}")
    if (page.x, page.width, page.top) != (0, screen.width, screen.height):
        found.append(f"page spans {page.x},{page.width} to {page.top}, not the screen")
    titles = [w for w in page.walk(restrict=True) if _kind(w) == "ScreenTitle" and shown(w)]
    for title in titles:
        if abs(title.top - (page.top - dp(MARGIN_Y))) > 0.5:
            found.append(f"title {title.text!r} top at {page.top - title.top:.0f} px")
    footers = [w for w in page.children if _kind(w) == "PageFooter"]
    if len(footers) != 1:
        return [*found, f"{len(footers)} footers"]
    (footer,) = footers
    if abs(footer.y - (page.y + dp(MARGIN_Y))) > 0.5:
        found.append(f"footer at {footer.y - page.y:.0f} px above the page's foot")
    buttons = [w for w in reversed(footer.children) if "Button" in _kind(w) and shown(w)]
    primary = [b for b in buttons if _kind(b) == "KioskButton"]
    if primary and buttons[-1] is not primary[-1]:
        found.append(f"the primary {_named(primary[-1])} is not bottom-right")
    backs = [b for b in buttons if getattr(b, "text", "") in _backs()]
    if backs and buttons[0] is not backs[0]:
        found.append(f"{_named(backs[0])} is not bottom-left")
    return found


def _backs() -> set[str]:
    from kivy.app import App

    return {App.get_running_app().tr._("Back")}


def _label_problems(page) -> list[str]:
    from kivy.metrics import dp
    from kivy.uix.spinner import Spinner
    from kivy.uix.textinput import TextInput

    labels = [w for w in page.walk(restrict=True) if _kind(w) == "FieldLabel" and shown(w)]
    found = []
    for field in page.walk(restrict=True):
        if not isinstance(field, TextInput | Spinner) or not shown(field):
            continue
        x, top = field.to_window(field.x, field.top)
        above = [
            label
            for label, (left, bottom) in ((w, w.to_window(w.x, w.y)) for w in labels)
            if left - 0.5 <= x <= left + label.width and 0 <= bottom - top <= dp(LABEL_GAP)
        ]
        if not above:
            found.append(f"{_named(field)} has no label above it")
    return found


def _size_problems(page) -> list[str]:
    from kivy.metrics import sp
    from kivy.uix.label import Label

    from kiosk.ui.page import GUEST_TEXT

    found = []
    for widget in page.walk(restrict=True):
        text = getattr(widget, "text", "")
        if not isinstance(text, str) or not text.strip() or not shown(widget):
            continue
        is_text = isinstance(widget, Label) or hasattr(widget, "font_size")
        if is_text and widget.font_size < sp(GUEST_TEXT) - 0.5:
            found.append(f"{_named(widget)} is {widget.font_size:.0f} px")
    return found


def design_problems(screen, guest: bool) -> list[str]:
    """How ``screen`` departs from the template; ``guest`` adds the guest's text size."""
    if screen.name in POSTERS:
        return _size_problems(screen)
    pages = [w for w in screen.children if _kind(w) == "KioskPage"]
    if len(pages) != 1:
        return [f"{len(pages)} pages"]
    (page,) = pages
    found = _page_problems(screen, page) + _label_problems(page)
    return found + (_size_problems(page) if guest else [])
