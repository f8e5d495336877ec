"""The preview printer: a checked-in guest's badge becomes an image whose QR code signs them
out; the name is as large as fits, wrapped and then shrunk."""

import io

import zxingcpp
from PIL import Image

from kiosk.badge.layout import NAME_SIZES, BadgeContent, QrBlock, TextBlock, layout_badge
from kiosk.badge.preview import measure
from kiosk.services.invitations import invite
from kiosk.services.printing import WIDTH_DOTS, print_due_badges
from kiosk.services.visits import check_in, check_out
from tests.test_invitations import request
from tests.test_visits import DURING


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


def test_a_name_is_as_large_as_fits_then_wrapped_then_shrunk() -> None:
    short = [
        b for b in layout_badge(content("Siti"), WIDTH_DOTS, measure) if isinstance(b, TextBlock)
    ]
    assert short[1] == TextBlock("Siti", NAME_SIZES[0], bold=True)
    long_name = "Raden Ajeng Siti Nur Rahmawati Kusumawardhani Wulandari Prameswari Putri"
    blocks = layout_badge(content(long_name), WIDTH_DOTS, measure)
    name = [b for b in blocks[1:] if isinstance(b, TextBlock) and b.bold][:3]
    assert name[0].size < NAME_SIZES[0]
    assert " ".join(b.text for b in name if b.size == name[0].size) == long_name
    assert all(
        measure(b.text, b.size, b.bold) <= WIDTH_DOTS for b in blocks if isinstance(b, TextBlock)
    )
    assert any(isinstance(b, QrBlock) for b in blocks)


def test_a_checked_in_guest_gets_a_badge_image_that_signs_them_out(site) -> None:
    made = invite(site, request(guest_email=None, guest_name="Nguyễn Thị Minh Khai"), "staff:t")
    visit = check_in(site, made.token, now=DURING).visit
    assert str(print_due_badges(site, now=DURING)) == "1 sent"
    assert str(print_due_badges(site, now=DURING)) == "nothing due", "printed once"
    (png,) = site.settings.badge_dir.glob("badge-*.png")
    image = Image.open(io.BytesIO(png.read_bytes()))
    assert image.width == WIDTH_DOTS
    (code,) = zxingcpp.read_barcodes(image)
    assert code.text == site.badge_tokens.token(visit.id)
    assert check_out(site, code.text, now=DURING).visit.id == visit.id
    with site.unit_of_work() as uow:
        assert "print" in [row.action for row in uow.audit.entries(site.site.id)]
