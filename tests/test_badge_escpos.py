"""Badges as ESC/POS bytes, printed on an independent emulator (emupos): the QR code on the
paper signs the guest out, and the name is on it in every script, as Chromium draws it, on 58
and 80 mm paper; in the printer's own font, each code page prints a name that needs it. The
printed badges are kept in tests/screenshots/badges (scripts/screenshots copies them to
docs/badges)."""

import io
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops

from kiosk.badge.escpos_encode import encode
from kiosk.badge.layout import (
    BadgeContent,
    QrRowBlock,
    TextBlock,
    Typesetter,
    layout_badge,
    photo_width,
)
from kiosk.badge.preview import render_png
from kiosk.badge.profile import printer_profile
from kiosk.badge.raster import (
    REAL_TIME_COMMAND,
    logo_image,
    measure,
    photo_image,
    printable,
    text_image,
)
from kiosk.privacy.tokens import Tokens
from kiosk.services.greeting import name_parts
from kiosk.settings import BUNDLED_FONT, PRINTER_FONT
from tests.emulator import Printed, emulate
from tests.shaping import LIKE, browser_drawn, likeness

PROFILES = {"58mm": "Sunmi-V2", "80mm-512": "TM-T88V", "80mm-576": "TM-T20II"}
NAMES = {
    "latin": "Siti Rahayu",
    "accented": "José Müller-Lüdenscheidt",
    "cyrillic": "Ахмед Иванов",
    "chinese": "王芳",
    "vietnamese": "Nguyễn Thị Minh Khai",
    "arabic": "محمد بن سلمان",
    "devanagari": "अनिल कुमार",
    "long": "Raden Ajeng Siti Nur Rahmawati Kusumawardhani Wulandari Prameswari",
}
CODE_PAGE_NAMES = {
    "CP437": "José Peña",
    "CP858": "Søren Ødegård",
    "CP850": "Y\u0131ld\u0131z Kaya",
    "CP1252": "Šimon Œuvre",
    "CP852": "Łukasz Wałęsa",
    "CP866": "Ахмед Иванов",
}
"""A name for each code page the encoder may choose, that no code page before it holds."""
TOKEN = Tokens(b"k" * 32, "badge", "B").token(4711)
KEPT = Path(__file__).parent / "screenshots" / "badges"


def content(name: str) -> BadgeContent:
    return BadgeContent(
        band="TAMU",
        name=name,
        company="PT Sinar Jaya",
        host="Tuan rumah: Rina Wijaya",
        valid="Berlaku s.d. 17.00",
        badge_number=12,
        qr_data=TOKEN,
        site_name="Menara Sudirman",
        privacy_line="Data Anda disimpan 30 hari setelah kunjungan. Pertanyaan: resepsionis.",
        day="KAMIS 26 NOV",
        given_name=name_parts(name)[0],
    )


def blocks_for(profile_name: str, name: str, font: str = BUNDLED_FONT):
    profile = printer_profile(profile_name)
    return profile, layout_badge(content(name), Typesetter(profile, measure, font))


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Printed]:
    jobs = {}
    for width, profile_name in PROFILES.items():
        for script, name in NAMES.items():
            profile, blocks = blocks_for(profile_name, name)
            jobs[f"{width}-{script}"] = (encode(blocks, profile), profile)
    for page, name in CODE_PAGE_NAMES.items():
        profile, blocks = blocks_for("TM-T20II", name, PRINTER_FONT)
        jobs[f"printer-font-{page}"] = (encode(blocks, profile), profile)
    pages = emulate(jobs, tmp_path_factory.mktemp("emupos"))
    KEPT.mkdir(parents=True, exist_ok=True)
    for job, page in pages.items():
        page.image.save(KEPT / f"{job}.png")
    return pages


def _found(page: Image.Image, drawn: Image.Image) -> Image.Image | None:
    """The part of the page that is the bitmap ``drawn``, centred, at some height; None if
    it is not on the page."""
    page, drawn = page.convert("1"), drawn.convert("1")
    padded = Image.new("1", (-(-drawn.width // 8) * 8, drawn.height), 255)
    padded.paste(drawn, (0, 0))
    left = (page.width - padded.width) // 2
    for top in range(page.height - padded.height + 1):
        window = page.crop((left, top, left + padded.width, top + padded.height))
        if ImageChops.difference(window, padded).getbbox() is None:
            return window
    return None


def _contains(page: Image.Image, drawn: Image.Image) -> bool:
    return _found(page, drawn) is not None


@pytest.mark.parametrize("width", PROFILES)
@pytest.mark.parametrize("script", NAMES)
def test_the_printed_badge_signs_out_and_carries_the_name(printed, browser, width, script) -> None:
    """Every line is drawn in the bundled fonts: the paper carries each line of the name (and
    the day's band) exactly as the kiosk drew it, and that drawing is what Chromium draws."""
    page = printed[f"{width}-{script}"]
    profile, blocks = blocks_for(PROFILES[width], NAMES[script])
    assert page.image.width == profile.width_dots
    (code,) = zxingcpp.read_barcodes(page.image)
    assert code.text == TOKEN
    words = set(NAMES[script].split())
    name_lines = [b for b in blocks if isinstance(b, TextBlock) and set(b.text.split()) <= words]
    given = content(NAMES[script]).given_name
    full_name = name_lines[1:] if given != NAMES[script] else name_lines
    assert " ".join(b.text for b in full_name) == NAMES[script], "no word broken"
    band = next(b for b in blocks if isinstance(b, TextBlock) and b.inverted)
    for line in [*name_lines, band]:
        on_paper = _found(page.image, text_image(line))
        assert on_paper is not None, f"{line.text!r} is not on the paper"
        theirs = browser_drawn(browser, line.text, line.size, line.bold)
        ink_is_dark = not line.inverted
        assert likeness(on_paper, theirs, ours_ink_is_dark=ink_is_dark) >= LIKE, line.text


@pytest.mark.parametrize("code_page", CODE_PAGE_NAMES)
def test_in_the_printers_font_each_code_page_prints_a_name_that_needs_it(
    printed, code_page
) -> None:
    name = CODE_PAGE_NAMES[code_page]
    _profile, blocks = blocks_for("TM-T20II", name, PRINTER_FONT)
    full_name = next(b for b in blocks if isinstance(b, TextBlock) and b.text == name)
    assert full_name.code_page == code_page
    page = printed[f"printer-font-{code_page}"]
    assert name in page.text.splitlines(), "printed as the printer's own characters"
    assert zxingcpp.read_barcodes(page.image)[0].text == TOKEN


def test_a_latin_badge_in_the_printers_font_is_small_and_starts_from_a_reset() -> None:
    profile, blocks = blocks_for("TM-T20II", NAMES["latin"], PRINTER_FONT)
    data = encode(blocks, profile)
    assert data.startswith(b"\x1b@"), "ESC @ first: no style left over from the previous job"
    assert b"\x1dv0" not in data, "no raster image"
    assert b"\x1d(k" in data and TOKEN.encode() in data, "the printer draws the QR code"
    assert len(data) < 2048


def test_a_printer_without_native_qr_gets_the_code_as_an_image(tmp_path) -> None:
    profile, blocks = blocks_for("POS-5890", NAMES["latin"], PRINTER_FONT)
    assert not profile.native_qr
    data = encode(blocks, profile)
    assert b"\x1d(k" not in data
    page = emulate({"pos5890": (data, profile)}, tmp_path)["pos5890"]
    assert zxingcpp.read_barcodes(page.image)[0].text == TOKEN


@pytest.mark.parametrize("script", ["latin", "chinese"])
def test_the_preview_is_what_prints(printed, script) -> None:
    """Same height and the QR code at the same place: the preview draws the same layout."""
    profile, blocks = blocks_for("TM-T20II", NAMES[script])
    page = printed[f"80mm-576-{script}"].image
    preview = Image.open(io.BytesIO(render_png(blocks, profile.width_dots)))
    margin = (preview.height - page.height) // 2
    assert preview.height - page.height == 2 * margin == 16
    on_paper = zxingcpp.read_barcodes(page)[0].position.top_left
    on_screen = zxingcpp.read_barcodes(preview)[0].position.top_left
    assert (on_screen.x, on_screen.y - margin) == (on_paper.x, on_paper.y)
    assert any(isinstance(b, QrRowBlock) for b in blocks)


def test_the_logo_is_drawn_once_and_printed_above_the_site_name(tmp_path) -> None:
    logo = tmp_path / "logo.png"
    picture = Image.new("RGBA", (400, 60), (0, 0, 0, 0))
    picture.paste((0, 0, 0, 255), (0, 0, 200, 60))
    picture.save(logo)
    profile = printer_profile("TM-T20II")
    badge = replace(content(NAMES["latin"]), logo=logo)
    setter = Typesetter(profile, measure, PRINTER_FONT)
    logo_image.cache_clear()
    jobs = {f"logo{n}": (encode(layout_badge(badge, setter), profile), profile) for n in (1, 2)}
    assert logo_image.cache_info().misses == 1, "rasterised once, then cached"
    page = emulate(jobs, tmp_path / "printed")["logo2"]
    assert page.text.startswith("[image 400x60]\nMenara Sudirman\n")
    assert page.image.crop((88, 0, 288, 60)).getextrema() == (0, 0), "the dark half is ink"
    assert page.image.crop((289, 0, 488, 60)).getextrema() == (255, 255), "clear is paper"


def test_the_guests_photo_prints_under_the_band_dot_for_dot(tmp_path) -> None:
    from tests.builders import photo_jpeg

    profile = printer_profile("TM-T20II")
    badge = replace(content(NAMES["latin"]), photo=photo_jpeg())
    blocks = layout_badge(badge, Typesetter(profile, measure, PRINTER_FONT))
    page = emulate({"photo": (encode(blocks, profile), profile)}, tmp_path / "printed")["photo"]
    drawn = photo_image(badge.photo, photo_width(profile.width_dots))
    assert f"KAMIS 26 NOV\n[image {drawn.width}x{drawn.height}]\nSiti\n" in page.text
    assert _contains(page.image, drawn), "the dithered photo, as the preview draws it"


def test_no_image_spells_a_command_the_printer_would_act_on_in_its_data() -> None:
    """A printer acts on DLE EOT/ENQ/DC4 even inside raster data (a status reply out of turn,
    or a drawer pulse): one dot of such a byte pair is left white, on every badge."""
    spelled = Image.frombytes("1", (16, 1), bytes([0xFF - 0x10, 0xFF - 0x04]))
    assert ImageChops.invert(printable(spelled).convert("L")).convert("1").tobytes() == bytes(
        [0x00, 0x04]
    )
    for width, profile_name in PROFILES.items():
        for name in NAMES.values():
            profile, blocks = blocks_for(profile_name, name)
            data = encode(blocks, profile)
            assert not REAL_TIME_COMMAND.search(data), f"{name} on {width}"
