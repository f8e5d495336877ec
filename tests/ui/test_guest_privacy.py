"""No guest-facing screen ever shows one guest another guest's data, nor a guest's own full
surname or contact details: every text on every screen of the path is read and checked."""

from dataclasses import replace

from kivy.uix.label import Label
from kivy.uix.textinput import TextInput

from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from kiosk.services.lobby.flow import LobbyFlow
from tests.builders import member, open_now
from tests.ui.driving import TAKE_YOUR_BADGE, scan

OTHER_GUEST = {
    "name": "Wulandari Kusumawardhani",
    "email": "wulandari.k@other.example",
    "phone": "0813-9876-5432",
}
OTHER_SECRETS = ("Wulandari", "Kusumawardhani", "wulandari.k", "9876", "5432", "Q9Q9")


def visible_texts(driver) -> list[str]:
    texts = []
    for root in driver.window.children:
        for widget in root.walk():
            if isinstance(widget, Label | TextInput) and widget.text:
                texts.append(widget.text)
    return texts


def assert_nothing_of_others(driver, where: str, own_surname: str) -> None:
    driver.settle()
    shown = " | ".join(visible_texts(driver))
    for secret in (*OTHER_GUEST.values(), *OTHER_SECRETS):
        assert secret not in shown, f"{where} shows {secret!r}: {shown}"
    assert own_surname not in shown, f"{where} shows the guest's full surname"


def test_every_guest_screen_shows_only_the_guests_own_shortened_name(kiosk_app) -> None:
    app = kiosk_app.app
    app.kiosk = replace(app.kiosk, settings=replace(app.kiosk.settings, verification="id_match"))
    app.lobby = LobbyFlow(app.kiosk)
    kiosk = app.kiosk
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example", unit="12F"), "t")
        uow.commit()
    other = open_now(
        name=OTHER_GUEST["name"],
        email=OTHER_GUEST["email"],
        phone=OTHER_GUEST["phone"],
        id_type="ktp",
        id_last4="Q9Q9",
        reception_note="Wulandari brings the contract",
    )
    invite(kiosk, other, "staff:test")
    mine = invite(kiosk, open_now(id_type="passport", id_last4="7Q2Z"), "staff:test")

    assert_nothing_of_others(kiosk_app, "welcome", "Rahmawati")
    kiosk_app.tap("have_invitation")
    for character in mine.short_code:
        kiosk_app.tap(f"key_{character}")
    assert_nothing_of_others(kiosk_app, "code entry", "Rahmawati")
    kiosk_app.tap("ok")
    assert_nothing_of_others(kiosk_app, "notice", "Rahmawati")
    kiosk_app.tap("accept")
    assert_nothing_of_others(kiosk_app, "arrival", "Rahmawati")
    kiosk_app.tap("confirm")
    assert_nothing_of_others(kiosk_app, "ID check", "Rahmawati")
    kiosk_app.tap("type_passport")
    for character in "7Q2Z":
        kiosk_app.tap(f"key_{character}")
    kiosk_app.tap("ok")
    assert kiosk_app.wait_for(lambda: kiosk_app.widget("title").text == TAKE_YOUR_BADGE)
    assert_nothing_of_others(kiosk_app, "badge", "Rahmawati")
    kiosk_app.tap("done")

    kiosk_app.tap("no_invitation")
    kiosk_app.tap("accept")
    kiosk_app.type_text("host_search", "wu")
    assert_nothing_of_others(kiosk_app, "walk-in host search 'wu'", "Rahmawati")
    kiosk_app.widget("host_search").text = ""
    kiosk_app.type_text("host_search", "ri")
    assert [b.text for b in kiosk_app.widget("matches").children] == ["Rina Wijaya (12F)"]
    kiosk_app.tap("back")

    scan(kiosk_app, "NOTACODE")
    assert_nothing_of_others(kiosk_app, "reception", "Rahmawati")
    kiosk_app.tap("done")
    kiosk_app.tap("sign_out")
    assert_nothing_of_others(kiosk_app, "sign out", "Rahmawati")


def test_no_label_on_any_screen_reads_markup(kiosk_app) -> None:
    """A name is shown as typed: ``[b]`` or ``[color=…]`` in it is never Kivy markup."""
    labels = [
        widget
        for screen in kiosk_app.app.root.screens
        for widget in screen.walk()
        if isinstance(widget, Label)
    ]
    assert len(labels) > 50
    assert [label for label in labels if label.markup] == []
