"""The preview printer: a checked-in guest's badge becomes an image whose QR code signs them
out; the name is as large as fits, wrapped and then shrunk."""

import io

import zxingcpp
from PIL import Image

from kiosk.badge.layout import (
    NAME_SIZES,
    BadgeContent,
    QrBlock,
    TextBlock,
    Typesetter,
    layout_badge,
)
from kiosk.badge.profile import printer_profile
from kiosk.badge.raster import measure, text_image
from kiosk.services.invitations.invite import invite
from kiosk.services.visits.check_in import check_in
from kiosk.services.visits.check_out import check_out
from tests.builders import DURING, print_badges, request

SETTER = Typesetter(printer_profile("TM-T20II"), measure)


def content(name: str) -> BadgeContent:
    return BadgeContent(
        "TAMU",
        name,
        None,
        "Tuan rumah: Rina",
        "Kamis",
        7,
        "B" + "x" * 22,
        "Menara",
        "Data Anda disimpan 30 hari.",
    )


def name_blocks(name: str) -> list[TextBlock]:
    blocks = layout_badge(content(name), SETTER)
    return [b for b in blocks if isinstance(b, TextBlock) and b.text in name and b.bold]


def test_a_name_is_as_large_as_fits_then_wrapped_then_shrunk() -> None:
    assert name_blocks("Siti") == [TextBlock("Siti", NAME_SIZES[0], bold=True, code_page="CP437")]
    wrapped = name_blocks("Siti Rahmawati Kusuma")
    assert [b.size for b in wrapped] == [NAME_SIZES[0]] * 2
    long_name = "Raden Ajeng Siti Nur Rahmawati Kusumawardhani Wulandari Prameswari Putri"
    blocks = layout_badge(content(long_name), SETTER)
    shrunk = name_blocks(long_name)
    assert shrunk[0].size < NAME_SIZES[0]
    assert " ".join(b.text for b in shrunk) == long_name
    assert all(
        SETTER.width_of(b.text, b.size, b.bold, b.code_page) <= SETTER.width
        for b in blocks
        if isinstance(b, TextBlock)
    )
    assert any(isinstance(b, QrBlock) for b in blocks)


def test_text_no_code_page_holds_is_drawn() -> None:
    assert [b.code_page for b in name_blocks("Ахмед")] == ["CP866"]
    assert [b.code_page for b in name_blocks("José")] == ["CP437"]
    assert [b.code_page for b in name_blocks("Łukasz")] == ["CP852"]
    assert [b.code_page for b in name_blocks("王芳")] == [None]


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
    visit = check_in(site, made.token, now=DURING).visit
    assert str(print_badges(site, now=DURING)) == "1 sent"
    assert str(print_badges(site, now=DURING)) == "nothing due", "printed once"
    (png,) = site.settings.badge_dir.glob("badge-*.png")
    image = Image.open(io.BytesIO(png.read_bytes()))
    assert image.width == site.printer.profile.width_dots
    (code,) = zxingcpp.read_barcodes(image)
    assert code.text == site.badge_tokens.token(visit.id)
    assert check_out(site, code.text, now=DURING).visit.id == visit.id
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
    badge = badge_of(check_in(site, at_kiosk.token, language="en", now=DURING).visit.id)
    assert (badge.band, badge.host) == ("VISITOR", "Host: Rina Wijaya")
    assert badge.privacy_line.startswith("Your data is kept")
    at_desk = invite(site, request(email=None, name="Budi Santoso", language="en"), "staff:t")
    assert site.settings.language == "id"
    assert badge_of(check_in(site, at_desk.token, now=DURING).visit.id).band == "VISITOR"
    stays = invite(site, request(email=None, name="Dewi Lestari", language="id"), "staff:t")
    assert badge_of(check_in(site, stays.token, language="id", now=DURING).visit.id).band == "TAMU"
