"""The bundled Noto fonts, served by the portal itself: a name in Thai, Arabic, Devanagari or
Chinese reads as written on any computer, and nothing is fetched from anyone else. Each face
names the characters it draws (``unicode-range``), so a browser fetches a script's font only
for a page that holds text in that script, and keeps it (the files hold nobody's data)."""

from collections import defaultdict

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kiosk.lettering import font_file
from kiosk.resources import asset_path
from kiosk.writing_systems import SCRIPT_FONTS, WIDE

FAMILY = "Kiosk Scripts"
"""The name portal.css lists first: it draws only the scripts it names, the rest falls
through to the system's fonts."""
WIDE_RANGES = ("U+2E80-9FFF", "U+AC00-D7AF", "U+F900-FAFF", "U+FF00-FFEF", "U+20000-2FFFF")
"""Chinese, Japanese and Korean, as the bundled wide font draws them."""


def faces_css() -> str:
    ranges: dict[str, list[str]] = defaultdict(list)
    for start, end, family in SCRIPT_FONTS:
        ranges[family].append(f"U+{start:04X}-{end:04X}")
    ranges[WIDE] = list(WIDE_RANGES)
    faces = []
    for family, covered in ranges.items():
        for weight, bold in ((400, False), (700, True)):
            faces.append(
                f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
                f'font-display: swap; src: url("/fonts/{font_file(family, bold)}") '
                f'format("truetype"); unicode-range: {", ".join(covered)}; }}'
            )
    return "\n".join(faces) + "\n"


CSS = faces_css()


async def scripts_css(_request: Request) -> Response:
    return Response(CSS, media_type="text/css")


ROUTES = [
    Route("/fonts/scripts.css", scripts_css, methods=["GET"]),
    Mount("/fonts", StaticFiles(directory=asset_path("fonts")), name="fonts"),
]
