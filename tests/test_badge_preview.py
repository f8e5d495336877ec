"""The badge as a label: the given name as large as fits, the full name below it, no word
broken; the day white on black across the paper; the QR code beside the number. The preview
printer's image is that layout, and its QR code signs the guest out."""

import io
from dataclasses import replace

import zxingcpp
from PIL import Image

from kiosk.badge.layout import (
    NORMAL,
    SIZES,
    BadgeContent,
    QrBlock,
    QrRowBlock,
    TextBlock,
    Typesetter,
    layout_badge,
)
from kiosk.badge.profile import printer_profile
from kiosk.badge.raster import measure, text_image
from kiosk.services.greeting import name_parts
from kiosk.services.invitations.invite import invite
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out, visit_named
from kiosk.settings import PRINTER_FONT
from tests.builders import DURING, print_badges, request

PROFILE = printer_profile("TM-T20II")
SETTER = Typesetter(PROFILE, measure)
PRINTER_SETTER = Typesetter(PROFILE, measure, PRINTER_FONT)
LONG_NAME = "Raden Ajeng Siti Nur Rahmawati Kusumawardhani Wulandari Prameswari Putri"


def content(name: str) -> BadgeContent:
    return BadgeContent(
        "TAMU",
        name,
        None,
        "Tuan rumah: Rina",
        "Berlaku s.d. 17.00",
        12,
        "B" + "x" * 22,
        "Menara",
        "Data Anda disimpan 30 hari.",
        day="KAMIS 26 NOV",
        given_name=name_parts(name)[0],
    )


def texts(blocks) -> list[TextBlock]:
    return [b for b in blocks if isinstance(b, TextBlock)]


def name_blocks(name: str, setter: Typesetter = SETTER) -> list[TextBlock]:
    blocks = layout_badge(content(name), setter)
    words = name.split()
    return [b for b in texts(blocks) if b.text.split() and b.text.split()[0] in words]


def test_the_given_name_is_largest_and_the_full_name_follows_unbroken() -> None:
    given, *full = name_blocks("John O'Brien-Smith, Jr.")
    assert (given.text, given.size) == ("John", SIZES[0])
    assert " ".join(b.text for b in full) == "John O'Brien-Smith, Jr."
    assert all(b.size < given.size for b in full)
    for width in (384, 512, 576):
        profile = replace(PROFILE, width_dots=width)
        lines = name_blocks(LONG_NAME, Typesetter(profile, measure))
        assert lines[0].text == "Siti", "titles are not the name a guest is called by"
        assert " ".join(b.text for b in lines[1:]) == LONG_NAME, "no word broken"
        assert min(b.size for b in lines) >= NORMAL, "never fine print"


def test_a_name_that_is_its_own_given_name_is_one_line_as_large_as_fits() -> None:
    """ "محمد بن / سلمان" broke after *bin*, cutting the father's name from the name."""
    assert name_blocks("Sukarno") == [TextBlock("Sukarno", SIZES[0], bold=True)]
    for width in (384, 512, 576):
        setter = Typesetter(replace(PROFILE, width_dots=width), measure)
        (line,) = name_blocks("محمد بن سلمان", setter)
        assert line.text == "محمد بن سلمان" and line.size >= 48, width


def test_no_line_of_a_name_ends_on_bin() -> None:
    narrow = Typesetter(replace(PROFILE, width_dots=384), measure)
    for name in (
        "عبد الله بن عبد العزيز بن محمد بن عبد الرحمن آل سعود",
        "Hj. Siti Nurhaliza binti Tarudin bin Abdullah Sulaiman",
    ):
        lines = [block.text for block in name_blocks(name, narrow)]
        assert len(lines) >= 2, "the name wraps on 58 mm paper"
        assert " ".join(lines).endswith(name.split()[-1])
        ends = {line.split()[-1] for line in lines}
        assert not ends & {"بن", "bin", "binti"}, lines


def test_the_number_stands_beside_the_qr_code_and_is_smaller_than_the_name() -> None:
    blocks = layout_badge(content(LONG_NAME), SETTER)
    (row,) = [b for b in blocks if isinstance(b, QrRowBlock)]
    number, caption = row.lines
    assert (number.text, caption.text) == ("#12", "TAMU")
    assert number.size < max(b.size for b in name_blocks(LONG_NAME))
    band = next(b for b in texts(blocks) if b.inverted)
    assert (band.text, band.width) == ("KAMIS 26 NOV", SETTER.width), "across the paper"
    assert all(b.code_page is None for b in texts(blocks)), "one typeface: all drawn"


def test_the_printer_font_mode_sends_text_and_the_printers_own_qr_code() -> None:
    blocks = layout_badge(content("Siti Rahayu"), PRINTER_SETTER)
    assert any(isinstance(b, QrBlock) and b.native for b in blocks)
    assert not any(isinstance(b, QrRowBlock) for b in blocks)
    assert all(b.size % 24 == 0 or b.size == 17 for b in texts(blocks)), "printer sizes"
    assert "TAMU #12" in [b.text for b in texts(blocks)]


def test_text_no_code_page_holds_is_drawn() -> None:
    pages = {
        "José": "CP437",
        "Søren": "CP858",
        "Y\u0131ld\u0131z": "CP850",  # the dotless i: CP850 has it, CP858 not
        "Šimon": "CP1252",
        "Łukasz": "CP852",
        "Ахмед": "CP866",
        "王芳": None,
    }
    for name, page in pages.items():
        assert [b.code_page for b in name_blocks(name, PRINTER_SETTER)] == [page], name


def test_a_name_mixing_scripts_draws_each_part_in_a_font_that_has_it() -> None:
    """Droid Sans Fallback has no Latin letters: "Wang" must still come out in Noto Sans."""
    mixed = text_image(TextBlock("Wang 王芳", size=48, bold=True))
    latin = text_image(TextBlock("Wang ", size=48, bold=True))
    chinese = mixed.crop((latin.width, 0, mixed.width, mixed.height))
    assert mixed.crop((0, 0, latin.width - 1, latin.height)) == latin.crop(
        (0, 0, latin.width - 1, latin.height)
    )
    assert inked(latin), "the Latin part has ink"
    assert inked(chinese), "so has the rest"


def inked(image: Image.Image) -> bool:
    return image.convert("L").point(lambda level: 255 - level).getbbox() is not None


def test_a_checked_in_guest_gets_a_badge_image_that_signs_them_out(site) -> None:
    made = invite(site, request(email=None, name="Nguyễn Thị Minh Khai"), "staff:t")
    visit = check_in(site, made.id, now=DURING).visit
    assert str(print_badges(site, now=DURING)) == "1 sent"
    assert str(print_badges(site, now=DURING)) == "nothing due", "printed once"
    (png,) = site.settings.badge_dir.glob("badge-*.png")
    image = Image.open(io.BytesIO(png.read_bytes()))
    assert image.width == site.printer.profile.width_dots
    (code,) = zxingcpp.read_barcodes(image)
    assert code.text == site.badge_tokens.token(visit.id)
    assert check_out(site, visit_named(site, code.text, DURING), now=DURING).visit.id == visit.id
    with site.unit_of_work() as uow:
        assert "print" in [row.action for row in uow.audit.entries(site.site.id)]


def test_the_badge_is_in_the_language_the_guest_chose_at_the_kiosk(site) -> None:
    """Invited in Bahasa Indonesia, read the kiosk in English: the badge is English. At the
    desk (no choice of the guest's) the invitation's language stays."""
    from kiosk.services.outbox.badges import badge_content

    def badge_of(visit_id: int) -> BadgeContent:
        with site.unit_of_work() as uow:
            return badge_content(uow, site, visit_id)

    at_kiosk = invite(site, request(email=None, name="Siti Rahayu", language="id"), "staff:t")
    badge = badge_of(check_in(site, at_kiosk.id, language="en", now=DURING).visit.id)
    assert (badge.band, badge.host) == ("VISITOR", "Host: Rina Wijaya")
    assert badge.privacy_line.startswith("Data kept 30 days · your rights: ")
    where = site.settings.policy_url.split("://", 1)[1]
    assert badge.privacy_line.endswith(where) and "/privacy" in where
    at_desk = invite(site, request(email=None, name="Budi Santoso", language="en"), "staff:t")
    assert site.settings.language == "id"
    assert badge_of(check_in(site, at_desk.id, now=DURING).visit.id).band == "VISITOR"
    stays = invite(site, request(email=None, name="Dewi Lestari", language="id"), "staff:t")
    assert badge_of(check_in(site, stays.id, language="id", now=DURING).visit.id).band == "TAMU"


def test_the_fine_print_is_one_line_on_80_mm_paper(site) -> None:
    """It was three lines at 1.6 mm, naming the controller: the address leads to who it is and
    to the guest's rights."""
    from kiosk.services.outbox.badges import badge_content

    for language in ("id", "en"):
        made = invite(site, request(email=None, language=language), "staff:t")
        visit = check_in(site, made.id, language=language, now=DURING).visit
        with site.unit_of_work() as uow:
            badge = badge_content(uow, site, visit.id)
        *_, fine_print = layout_badge(badge, SETTER)
        assert fine_print.text == badge.privacy_line, language
        assert ("30 hari" if language == "id" else "30 days") in badge.privacy_line
