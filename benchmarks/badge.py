"""Bytes per badge and encode time, against the naive way of printing a badge.

    .venv/bin/python -m benchmarks.badge [ROUNDS]

For a Latin and a non-Latin name, on 80 mm paper (TM-T20II, 576 dots): the kiosk's encoding
(printer text and a native QR code, images only for what no code page holds) against the whole
badge drawn as one image and sent with python-escpos ``image()``. Time is from the badge's
content to the bytes, median over ROUNDS (default 200). Targets: the Latin badge under 2 KB, at
least 10x smaller than the naive one, and encoded in under 2 ms; it exits 1 if one is missed.
"""

import io
import statistics
import sys
import time
from collections.abc import Callable

from escpos.printer import Dummy
from PIL import Image

from kiosk.badge.escpos_encode import encode
from kiosk.badge.layout import BadgeContent, Typesetter, layout_badge
from kiosk.badge.preview import render_png
from kiosk.badge.profile import printer_profile
from kiosk.badge.raster import measure
from tests.test_badge_escpos import content

PROFILE = printer_profile("TM-T20II")
SETTER = Typesetter(PROFILE, measure)
NAMES = {"Latin": "Siti Rahmawati", "Chinese": "王芳", "Vietnamese": "Nguyễn Thị Minh Khai"}


def kiosk_way(badge: BadgeContent) -> bytes:
    return encode(layout_badge(badge, SETTER), PROFILE)


def naive_way(badge: BadgeContent) -> bytes:
    picture = Image.open(io.BytesIO(render_png(layout_badge(badge, SETTER), PROFILE.width_dots)))
    printer = Dummy(profile=PROFILE.name)
    printer.hw("INIT")
    printer.image(picture)
    printer.cut()
    return printer.output


def median_ms(way: Callable[[BadgeContent], bytes], badge: BadgeContent, rounds: int) -> float:
    way(badge)  # fonts and profiles loaded once, as in a running kiosk
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        way(badge)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(rounds: int) -> None:
    header = ("name", "kiosk bytes", "naive bytes", "smaller", "kiosk ms", "naive ms")
    print("{:<11} {:>11} {:>11} {:>8} {:>9} {:>9}".format(*header))
    figures = {}
    for script, name in NAMES.items():
        badge = content(name)
        ours, naive = len(kiosk_way(badge)), len(naive_way(badge))
        ours_ms, naive_ms = median_ms(kiosk_way, badge, rounds), median_ms(naive_way, badge, rounds)
        figures[script] = (ours, naive, ours_ms)
        ratio = f"{naive / ours:.1f}x"
        print(f"{script:<11} {ours:>11} {naive:>11} {ratio:>8} {ours_ms:>9.2f} {naive_ms:>9.2f}")
    ours, naive, ours_ms = figures["Latin"]
    targets = (
        ("under 2 KB", ours < 2048, f"{ours} bytes"),
        ("at least 10x smaller than naive", naive >= 10 * ours, f"{naive / ours:.1f}x"),
        ("encoded in under 2 ms", ours_ms < 2, f"{ours_ms:.2f} ms"),
    )
    for target, met, figure in targets:
        print(f"Latin badge {target}: {'met' if met else 'MISSED'} ({figure})")
    if not all(met for _, met, _ in targets):
        sys.exit(1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
