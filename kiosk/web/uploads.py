"""A CSV file uploaded to the portal (an event's guests, the directory), in two steps: the
file is checked and every bad row shown with its line, in the reader's language; then, on
*Import*, the same file (carried in the page, never kept on the server) is imported, whole or
with only its good rows."""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError
from kiosk.i18n import translations
from kiosk.services.intake.csv_rows import Columns, CsvFile, ImportReport
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import viewed
from kiosk.web.pages import reader_language, render, required_user, see_other
from kiosk.web.security import checked_form
from kiosk.words import describe

LARGEST_UPLOAD = 1_000_000
"""Bytes of CSV taken at once (about 5,000 guests): carried back in the page, it stays within
the portal's largest request."""

Importer = Callable[[Kiosk, PortalUser, CsvFile, bool, bool], ImportReport]
"""Checks (``check_only``) or imports (``skip_bad``) a file as the signed-in person:
``(kiosk, user, file, skip_bad, check_only)``."""


@dataclass(frozen=True)
class Upload:
    """One kind of file the portal takes."""

    kind: str
    """For the audit log: what was checked (``guests``, ``hosts``)."""
    role: str | None
    """Who may upload it (None: any host)."""
    columns: Callable[[Kiosk], Columns]
    run: Importer
    back: str
    """The list the file adds to; after an import it says how many (``?done=imported``)."""


def upload_routes(path: str, upload: Upload) -> list[Route]:
    """The form at ``path``, and its two steps posted to it."""

    async def form_page(request: Request) -> Response:
        user = await required_user(request, upload.role)
        return _page(request, user, upload)

    async def posted(request: Request) -> Response:
        user = await required_user(request, upload.role)
        form = await checked_form(request)
        _ = translations(reader_language(request, user)).gettext
        kiosk = request.app.state.kiosk
        try:
            file = await _file_of(form)
            if form.get("step") == "import":
                skip_bad = form.get("skip_bad") == "yes"
                report = await run_in_threadpool(upload.run, kiosk, user, file, skip_bad, False)
                if report.imported:
                    return see_other(f"{upload.back}?done=imported&count={report.imported}")
            else:
                report = await run_in_threadpool(upload.run, kiosk, user, file, False, True)
                await run_in_threadpool(
                    viewed, kiosk, user.actor, f"upload_{upload.kind}:{report.rows}"
                )
        except KioskError as refused:
            return _page(request, user, upload, problem=describe(refused, _, lambda _f: None))
        return _page(request, user, upload, file=file, report=report)

    return [Route(path, form_page, methods=["GET"]), Route(path, posted, methods=["POST"])]


async def _file_of(form) -> CsvFile:
    """The file chosen in the form, or the one carried from the check (refused if larger
    than :data:`LARGEST_UPLOAD`)."""
    chosen = form.get("file")
    if isinstance(chosen, UploadFile) and chosen.filename:
        data = await chosen.read(LARGEST_UPLOAD + 1)
        name = chosen.filename
    else:
        try:
            data = base64.b64decode(str(form.get("carried", "")), validate=True)
        except binascii.Error:
            data = b""
        name = str(form.get("name", ""))
    if not data:
        raise KioskError("no file was chosen", reason="csv_no_file")
    if len(data) > LARGEST_UPLOAD:
        raise KioskError(
            "the file is too large", reason="csv_too_large", largest=f"{LARGEST_UPLOAD:,} bytes"
        )
    return CsvFile(name[:200], data)


def _page(
    request: Request,
    user: PortalUser,
    upload: Upload,
    *,
    file: CsvFile | None = None,
    report: ImportReport | None = None,
    problem: str | None = None,
) -> Response:
    """The form; with a checked ``report``, each bad row's line and why, and *Import*."""
    columns = upload.columns(request.app.state.kiosk)
    _ = translations(reader_language(request, user)).gettext
    bad_rows = report.bad if report else []
    return render(
        request,
        "upload.html",
        user,
        status=400 if problem else 200,
        kind=upload.kind,
        back_to=upload.back,
        required=sorted(columns.required),
        optional=sorted(columns.optional),
        file_name=file.name if file else None,
        carried=base64.b64encode(file.data).decode() if file else None,
        report=report,
        problems=[(bad.line, describe(bad.error, _, lambda _f: None)) for bad in bad_rows],
        problem=problem,
    )
