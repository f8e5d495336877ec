"""A translator that kv rules can observe: ``text: app.tr._("Welcome")`` re-translates itself
when the language changes."""

from itertools import count

from kivy.event import Observable

from kiosk.i18n import translations


class Translator(Observable):
    def __init__(self, language: str) -> None:
        super().__init__()
        self._observers: dict[int, tuple] = {}
        self._uids = count(1)
        self.language = language
        self._gettext = translations(language).gettext

    def _(self, message: str) -> str:
        return self._gettext(message)

    def switch(self, language: str) -> None:
        self.language = language
        self._gettext = translations(language).gettext
        for callback, args, kwargs in list(self._observers.values()):
            callback(args, None, None, **kwargs)

    def fbind(self, name, func, *args, **kwargs):
        if name != "_":
            return super().fbind(name, func, *args, **kwargs)
        uid = next(self._uids)
        self._observers[uid] = (func, args[0] if len(args) == 1 else args, kwargs)
        return uid

    def unbind_uid(self, name, uid):
        if name != "_":
            return super().unbind_uid(name, uid)
        self._observers.pop(uid, None)
        return None
