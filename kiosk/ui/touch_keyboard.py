"""An on-screen keyboard for the kiosk's forms: letters with the accents names carry, digits
and the signs of phone numbers and email addresses. Every key is at least 64 px high. It types
into the field that has focus; a name field starts each word with a capital; after an
accented letter it goes back to the plain ones."""

from kivy.app import App
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.metrics import dp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

BACKSPACE, SHIFT, SPACE, HIDE = "backspace", "shift", "space", "hide"
PAGES = {
    "letters": ([*"qwertyuiop", BACKSPACE], [*"asdfghjkl'"], [SHIFT, *"zxcvbnm-."]),
    "accents": ([*"áàâäãåāăąé", BACKSPACE], [*"èêëēěíìîïı"], [SHIFT, *"óòôöõøőúùû"]),
    "more": ([*"üűůūñńçčćß", BACKSPACE], [*"šśşžźżłğřý"], [SHIFT, *"đðþæœ-.'"]),
    "symbols": ([*"1234567890", BACKSPACE], [*"@._-+()/&'"], [*"#,:;!?*=~"]),
}
NEXT_PAGE = {"letters": "accents", "accents": "more", "more": "letters", "symbols": "accents"}
KEY_HEIGHT = 64
SPACING = 6
WORD_STARTS = (" ", "-", "'")


class TouchKeyboard(BoxLayout):
    target = ObjectProperty(None, allownone=True)
    """The text field the keys type into."""
    page = StringProperty("letters")
    shift = BooleanProperty(False)
    capitalize_words = BooleanProperty(False)
    shown = BooleanProperty(False)

    full_height = NumericProperty(dp(KEY_HEIGHT) * 4 + dp(SPACING) * 3)

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("size_hint_y", None)
        super().__init__(orientation="vertical", spacing=dp(SPACING), **kwargs)
        self.keys: dict[str, object] = {}
        self.bind(page=self._draw, shift=self._draw, target=self._draw)
        self.bind(capitalize_words=self._draw)
        self._draw()

    def _draw(self, *_args) -> None:
        self.clear_widgets()
        self.keys = {}
        upper = self.shift or self._word_start()
        _ = App.get_running_app().tr._
        specials = {BACKSPACE: _("Delete"), SHIFT: "Aa", HIDE: _("Hide")}
        for names in PAGES[self.page]:
            row = BoxLayout(spacing=dp(SPACING))
            for name in names:
                shown = specials.get(name) or (name.upper() if upper else name)
                row.add_widget(self._key(name, shown))
            self.add_widget(row)
        bottom = BoxLayout(spacing=dp(SPACING))
        switch = "123" if self.page != "symbols" else "abc"
        bottom.add_widget(self._key("symbols", switch, size_hint_x=0.15))
        accents = {"letters": "àé", "accents": "üñ", "more": "abc", "symbols": "àé"}[self.page]
        bottom.add_widget(self._key("accents", accents, size_hint_x=0.15))
        bottom.add_widget(self._key(SPACE, "", size_hint_x=0.55))
        bottom.add_widget(self._key(HIDE, specials[HIDE], size_hint_x=0.15))
        self.add_widget(bottom)

    def _key(self, name: str, shown: str, **hints) -> object:
        key = Factory.CodeKey(text=shown, **hints)
        key.bind(on_release=lambda _key: self.press(name))
        self.keys[name] = key
        return key

    def _word_start(self) -> bool:
        if not self.capitalize_words or self.target is None:
            return False
        return not self.target.text or self.target.text.endswith(WORD_STARTS)

    def press(self, name: str) -> None:
        target = self.target
        if name == "symbols":
            self.page = "letters" if self.page == "symbols" else "symbols"
        elif name == "accents":
            self.page = NEXT_PAGE[self.page]
        elif name == SHIFT:
            self.shift = not self.shift
        elif target is None:
            return
        elif name == HIDE:
            target.focus = False
        elif name == BACKSPACE:
            target.do_backspace()
        else:
            typed = " " if name == SPACE else self.keys[name].text
            target.insert_text(typed)
            self.shift = False
            if self.page in ("accents", "more"):
                self.page = "letters"  # one accented letter, then back to the plain ones
        self._draw()


class TypingScreen:
    """For a screen with text fields and a ``TouchKeyboard`` (id ``keyboard``): the keyboard is
    up (``typing``) while a field has focus, types into it, and the field is kept in view in
    the ScrollView with id ``form_scroll``, if the screen has one: when it takes the focus and
    whenever the keyboard coming up or going down resizes that view. Fields in the screen's
    layout are named in ``text_fields``; fields made later are watched with
    :meth:`watch_field`."""

    text_fields: tuple[str, ...] = ()
    words_capitalised: tuple[str, ...] = ()
    start_on_symbols: tuple[str, ...] = ()
    typing = BooleanProperty(False)

    def on_kv_post(self, *_args) -> None:
        self._typed_in: dict[str, tuple[object, bool, bool]] = {}
        for name in self.text_fields:
            capitalised, symbols = name in self.words_capitalised, name in self.start_on_symbols
            self.watch_field(name, self.ids[name], capitalised, symbols)
        if "form_scroll" in self.ids:
            self.ids.form_scroll.bind(height=self._keep_in_view)

    def watch_field(self, name: str, field, capitalised: bool, symbols: bool) -> None:
        """Types into ``field`` when it has focus: capitals starting each word, or first the
        page of digits and signs."""
        self._typed_in[name] = (field, capitalised, symbols)
        field.bind(focus=lambda widget, on, key=name: self._focused(key, widget, on))

    def forget_field(self, name: str) -> None:
        entry = self._typed_in.pop(name, None)
        if entry:
            entry[0].focus = False

    def _focused(self, name: str, field, on: bool) -> None:
        keyboard = self.ids.keyboard
        if on and name in self._typed_in:
            _field, capitalised, symbols = self._typed_in[name]
            keyboard.target = field
            keyboard.capitalize_words = capitalised
            keyboard.page = "symbols" if symbols else "letters"
            keyboard.shift = False
        self.typing = any(field.focus for field, *_ in self._typed_in.values())
        self._keep_in_view()

    def _keep_in_view(self, *_args) -> None:
        """Scrolls the field being typed into view, once the layout has settled (next frame)."""
        focused = [field for field, *_ in self._typed_in.values() if field.focus]
        if focused and "form_scroll" in self.ids:
            scroll = self.ids.form_scroll
            Clock.schedule_once(lambda _dt: scroll.scroll_to(focused[0], animate=False))

    def clear_fields(self) -> None:
        """Nothing typed stays on screen."""
        for field, *_ in self._typed_in.values():
            field.focus = False
            field.text = ""
