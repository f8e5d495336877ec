"""Every screen of the kiosk, in Bahasa Indonesia and in English, photographed from the real
app at a named site with its logo, with guests named in Latin, Vietnamese, Chinese and Arabic
script and a 65-character name: the gallery the README shows (``scripts/screenshots`` copies it
to docs/screenshots)."""

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from kiosk.clock import set_now
from kiosk.privacy.site_policy import site_policy
from kiosk.services.lobby.flow import LobbyFlow
from kiosk.services.visits.on_site import on_site
from tests.builders import DURING
from tests.ui.accessibility import problems
from tests.ui.design_system import design_problems
from tests.ui.driving import (
    SCREENSHOTS,
    asking_for_photos,
    invited_now,
    portrait,
    scan,
    unlock,
    with_camera,
)
from tests.ui.language_leaks import leaks

DOCS = Path(__file__).parents[2] / "docs" / "screenshots"
README = Path(__file__).parents[2] / "README.md"
SCREENS = (
    "welcome",
    "code-entry",
    "sign-out",
    "lost-badge",
    "my-data",
    "notice",
    "arrival",
    "badge",
    "goodbye",
    "reception",
    "id-check",
    *(
        f"{step}-{script}"
        for script in ("vietnamese", "chinese", "arabic", "long")
        for step in ("arrival", "badge")
    ),
    "photo",
    "walk-in",
    "walk-in-keyboard",
    "staff-pin",
    "staff-home",
    "needs-attention",
    "on-site",
    "expected",
    "register-guest",
    "deny-list",
)


GUEST_SCREENS = SCREENS[: SCREENS.index("staff-pin")]
NAMES = {
    "vietnamese": "Nguyễn Thị Minh Khai",
    "chinese": "王芳",
    "arabic": "محمد بن سلمان",
    "long": "Raden Ajeng Siti Nur Rahmawati Kusumawardhani Wulandari Prameswari",
}


@pytest.fixture
def morning() -> None:
    """The pictures are of a working morning (the suite's own moment is near midnight)."""
    set_now(DURING)


@pytest.fixture
def kiosk_overrides(morning) -> dict[str, str]:
    from kiosk.resources import asset_path

    return {
        "site.name": "Menara Sudirman",
        "site.logo": str(asset_path("images", "demo-logo.png")),
    }


def shot(driver, screen: str, language: str) -> None:
    """Photographs the screen; it shows no word of the other language, and a guest's screen
    must also pass the accessibility checks."""
    assert screen in SCREENS
    path = driver.screenshot(f"gallery/{screen}-{language}")
    picture = Image.open(path).convert("RGB")
    assert len(set(picture.convert("L").getdata())) > 16, f"{screen} is blank"
    corners = [(x, y) for x in (2, picture.width - 3) for y in (2, picture.height - 3)]
    assert (0, 0, 0) not in {picture.getpixel(corner) for corner in corners}, (
        f"{screen} is drawn in part of the window only"
    )
    if screen in GUEST_SCREENS:
        assert problems(driver.screen) == [], screen
    assert design_problems(driver.screen, guest=screen in GUEST_SCREENS) == [], screen
    assert leaks(driver.screen, language) == [], f"{screen} in {language}"


def reached(driver, screen: str) -> bool:
    """Whether the app shows ``screen`` within a few seconds (a step may wait on the database)."""
    return driver.wait_for(lambda: driver.app.root.current == screen, 10)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_screen_in_both_languages(kiosk_app, language) -> None:
    (SCREENSHOTS / "gallery").mkdir(parents=True, exist_ok=True)
    app = kiosk_app.app
    marketing = replace(app.kiosk.settings, privacy_enable=("visitor-marketing",))
    app.kiosk.gateway.policy = site_policy(marketing)  # the notice then shows a consent box
    if language == "en":
        kiosk_app.tap("language_toggle")
    assert app.language == language
    shot(kiosk_app, "welcome", language)
    kiosk_app.tap("have_invitation")
    shot(kiosk_app, "code-entry", language)
    kiosk_app.tap("back")
    kiosk_app.tap("sign_out")
    shot(kiosk_app, "sign-out", language)
    kiosk_app.tap("back")

    made = invited_now(kiosk_app)
    scan(kiosk_app, made.token)
    shot(kiosk_app, "notice", language)
    kiosk_app.tap("accept")
    shot(kiosk_app, "arrival", language)
    kiosk_app.tap("confirm")
    assert kiosk_app.wait_for(lambda: kiosk_app.screen.badge is not None)
    shot(kiosk_app, "badge", language)
    kiosk_app.tap("done")
    (guest,) = on_site(app.kiosk)
    scan(kiosk_app, "IAAAAAAAAAAAAAAAAAAAAAA")
    shot(kiosk_app, "reception", language)
    kiosk_app.tap("done")

    app.kiosk = replace(app.kiosk, settings=replace(app.kiosk.settings, verification="id_last4"))
    app.lobby = LobbyFlow(app.kiosk)
    second = invited_now(kiosk_app, "Ahmad Fauzi")
    scan(kiosk_app, second.token)
    kiosk_app.tap("accept")
    kiosk_app.tap("confirm")
    shot(kiosk_app, "id-check", language)
    app.leave_staff_mode()
    kiosk_app.settle()

    app.kiosk = replace(app.kiosk, settings=replace(app.kiosk.settings, verification="none"))
    app.lobby = LobbyFlow(app.kiosk)
    asking_for_photos(kiosk_app)
    camera = with_camera(kiosk_app)
    camera.show(portrait())
    scan(kiosk_app, invited_now(kiosk_app, "Dewi Lestari").token)
    assert reached(kiosk_app, "notice"), (app.root.current, app.lobby.state)
    kiosk_app.tap("accept")
    assert reached(kiosk_app, "arrival"), (app.root.current, app.lobby.state)
    kiosk_app.tap("confirm")
    assert reached(kiosk_app, "photo"), (app.root.current, app.lobby.state)
    kiosk_app.wait_for(lambda: kiosk_app.widget("picture").texture is not None)
    shot(kiosk_app, "photo", language)
    app.leave_staff_mode()
    kiosk_app.settle()

    kiosk_app.tap("no_invitation")
    kiosk_app.tap("accept")
    shot(kiosk_app, "walk-in", language)
    kiosk_app.tap("name")
    shot(kiosk_app, "walk-in-keyboard", language)
    app.leave_staff_mode()
    kiosk_app.settle()

    badge = app.kiosk.badge_tokens.token(guest.visit_id)
    kiosk_app.tap("my_data")
    scan(kiosk_app, badge)
    shot(kiosk_app, "my-data", language)
    kiosk_app.tap("back")
    scan(kiosk_app, badge)
    shot(kiosk_app, "goodbye", language)
    kiosk_app.tap("done")

    app.kiosk.gateway.policy = site_policy(marketing)  # no photo: straight to the badge
    for script, name in NAMES.items():
        scan(kiosk_app, invited_now(kiosk_app, name).token)
        assert reached(kiosk_app, "notice"), (app.root.current, app.lobby.state)
        kiosk_app.tap("accept")
        assert reached(kiosk_app, "arrival"), (app.root.current, app.lobby.state)
        shot(kiosk_app, f"arrival-{script}", language)
        kiosk_app.tap("confirm")
        assert kiosk_app.wait_for(lambda: getattr(kiosk_app.screen, "badge", None) is not None)
        shot(kiosk_app, f"badge-{script}", language)
        kiosk_app.tap("done")
        assert reached(kiosk_app, "welcome")
    kiosk_app.tap("sign_out")
    kiosk_app.tap("lost_badge")
    kiosk_app.type_text("first_name", "Si")
    shot(kiosk_app, "lost-badge", language)
    kiosk_app.tap("back")
    kiosk_app.tap("back")

    kiosk_app.hold("clock", 3.2)
    shot(kiosk_app, "staff-pin", language)
    app.root.current = "welcome"
    kiosk_app.settle()
    unlock(kiosk_app)
    kiosk_app.wait_for(lambda: "\u2026" not in kiosk_app.widget("printer").text)
    shot(kiosk_app, "staff-home", language)
    for button, screen in (
        ("attention", "needs-attention"),
        ("on_site", "on-site"),
        ("expected", "expected"),
        ("register", "register-guest"),
        ("deny", "deny-list"),
    ):
        kiosk_app.tap(button)
        shot(kiosk_app, screen, language)
        app.root.current = "staff_home"
        kiosk_app.settle()


def test_the_readme_shows_the_committed_gallery() -> None:
    text = README.read_text()
    for screen in SCREENS:
        for language in ("id", "en"):
            name = f"docs/screenshots/{screen}-{language}.png"
            assert (DOCS.parent.parent / name).exists(), f"run scripts/screenshots: {name}"
        assert f"docs/screenshots/{screen}-id.png" in text, f"the README lacks {screen}"
