"""The kiosk wears the site's brand: its logo and name at the top of the welcome screen, its
colour on the card that points to the scanner and on the buttons that move a guest on; going
back and taking away look different from going on, and a disabled button still shows."""

import pytest
from PIL import Image

from tests.ui.accessibility import NAVY, contrast, over_navy, problems

BRAND = "#6A1B9A"
BRAND_RGB = (0x6A, 0x1B, 0x9A)


@pytest.fixture
def kiosk_overrides(tmp_path) -> dict[str, str]:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (320, 120), (240, 180, 0)).save(logo)
    return {"site.name": "Menara Sudirman", "site.logo": str(logo), "site.brand_colour": BRAND}


def close_to(pixel, wanted, tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, wanted, strict=False))


def test_the_welcome_screen_opens_on_the_sites_brand(kiosk_app) -> None:
    ids = kiosk_app.screen.ids
    assert ids.site.text == "Menara Sudirman"
    assert ids.logo.texture is not None and ids.logo.width > 0, "the logo is shown"
    shot = Image.open(kiosk_app.screenshot("welcome-brand")).convert("RGB")
    card = ids.scan_card
    # the screenshot's origin is top left, Kivy's bottom left
    inside = (int(card.right - 20), int(shot.height - card.y - 20))
    assert close_to(shot.getpixel(inside), BRAND_RGB), "the card is in the brand colour"
    logo_at = ids.logo.center
    assert close_to(shot.getpixel((int(logo_at[0]), int(shot.height - logo_at[1]))), (240, 180, 0))
    assert problems(kiosk_app.screen) == []


def test_going_on_looks_different_from_going_back_or_deleting_a_character(kiosk_app) -> None:
    kiosk_app.tap("have_invitation")
    ok, back, erase = (kiosk_app.widget(name) for name in ("ok", "back", "erase"))
    assert ok.disabled, "no code typed yet"
    shows = contrast(over_navy(ok.background_color), NAVY)
    assert shows >= 2, f"a disabled button shows ({shows:.2f}:1)"
    assert problems(kiosk_app.screen) == [], "its words read too"
    for _ in range(8):
        kiosk_app.tap("key_A")
    assert not ok.disabled
    colours = {tuple(round(c, 2) for c in b.background_color) for b in (ok, back, erase)}
    assert len(colours) == 2, "going on differs from going back; deleting a character is quiet"
    assert close_to([round(c * 255) for c in ok.background_color], BRAND_RGB, 1)
    kiosk_app.screenshot("code-entry-brand")
