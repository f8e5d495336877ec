"""Bytes per badge, encode time, and time to paper, in each of the two ways a badge prints.

    .venv/bin/python -m benchmarks.badge [ROUNDS]

For names in several scripts on 80 mm paper (TM-T20II, 576 dots): the default, every line drawn
with the bundled fonts and sent as raster images (``printer.font = "bundled"``), against the
printer's own font with a native QR code (``printer.font = "printer"``), which only draws what
no code page holds. Encode time is from the badge's content to the bytes, median over ROUNDS
(default 200). Time to paper is an estimate: the slower of sending the bytes over the link and
feeding the badge's length through the print head (the printer prints while it receives), at
the TM-T20II's 200 mm/s and 8 dots/mm. Targets, for the printer's font, which is the mode for
slow links: a Latin badge under 2 KB, at least 10x smaller than the drawn one, encoded in
under 2 ms; it exits 1 if one is missed.
"""

import io
import statistics
import sys
import time

from PIL import Image

from kiosk.badge.escpos_encode import encode
from kiosk.badge.layout import BadgeContent, Typesetter, layout_badge
from kiosk.badge.preview import render_png
from kiosk.badge.profile import printer_profile
from kiosk.badge.raster import measure
from kiosk.settings import BUNDLED_FONT, PRINTER_FONT
from tests.test_badge_escpos import content

PROFILE = printer_profile("TM-T20II")
NAMES = {
    "Latin": "Siti Rahmawati",
    "Chinese": "王芳",
    "Vietnamese": "Nguyễn Thị Minh Khai",
    "Arabic": "محمد بن سلمان",
}
LINKS = {"network/USB": 1_000_000, "serial 115200": 11_520, "serial 9600": 960}
"""Bytes a second each link carries (a serial byte is 10 bits on the wire)."""
PRINT_DOTS_PER_S = 200 * 8


def encoded(badge: BadgeContent, font: str) -> bytes:
    return encode(layout_badge(badge, Typesetter(PROFILE, measure, font)), PROFILE)


def paper_dots(badge: BadgeContent, font: str) -> int:
    blocks = layout_badge(badge, Typesetter(PROFILE, measure, font))
    return Image.open(io.BytesIO(render_png(blocks, PROFILE.width_dots))).height


def median_ms(badge: BadgeContent, font: str, rounds: int) -> float:
    encoded(badge, font)  # fonts and profiles loaded once, as in a running kiosk
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        encoded(badge, font)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def to_paper_s(size: int, dots: int, bytes_per_s: int) -> float:
    return max(size / bytes_per_s, dots / PRINT_DOTS_PER_S)


def main(rounds: int) -> None:
    header = ("name", "font", "bytes", "encode ms", *(f"{link} s" for link in LINKS))
    print("{:<11} {:<8} {:>7} {:>10}".format(*header[:4]), *(f"{h:>17}" for h in header[4:]))
    figures = {}
    for script, name in NAMES.items():
        badge = content(name)
        for font in (BUNDLED_FONT, PRINTER_FONT):
            size, dots = len(encoded(badge, font)), paper_dots(badge, font)
            ms = median_ms(badge, font, rounds)
            figures[script, font] = (size, ms)
            times = (to_paper_s(size, dots, speed) for speed in LINKS.values())
            print(f"{script:<11} {font:<8} {size:>7} {ms:>10.2f}", *(f"{t:>17.1f}" for t in times))
    ours, ours_ms = figures["Latin", PRINTER_FONT]
    drawn, _ = figures["Latin", BUNDLED_FONT]
    targets = (
        ("under 2 KB", ours < 2048, f"{ours} bytes"),
        ("at least 10x smaller than drawn", drawn >= 10 * ours, f"{drawn / ours:.1f}x"),
        ("encoded in under 2 ms", ours_ms < 2, f"{ours_ms:.2f} ms"),
    )
    for target, met, figure in targets:
        verdict = "met" if met else "MISSED"
        print(f"Latin badge in the printer's font {target}: {verdict} ({figure})")
    if not all(met for _, met, _ in targets):
        sys.exit(1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
