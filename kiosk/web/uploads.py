"""A CSV file uploaded to the portal (an event's guests, the directory), in two steps: the
file is checked and every bad row shown with its line, in the reader's language; then, on
*Import*, the same file (carried in the page, never kept on the server) is imported, whole or
with only its good rows."""

import base64
import binascii
import functools
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import KioskError
from kiosk.services.intake.csv_rows import Columns, CsvFile, ImportReport
from kiosk.services.kiosk import Kiosk
from kiosk.services.portal.sign_in import PortalUser
from kiosk.services.portal.views import viewed
from kiosk.services.roles import Role
from kiosk.web.pages import Page, page, see_other

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
    role: Role | None
    """Who may upload it (None: any host)."""
    columns: Callable[[Kiosk], Columns]
    run: Importer
    back: str
    """The list the file adds to; after an import it says how many (``?done=imported``)."""


def upload_routes(path: str, upload: Upload) -> list[Route]:
    """The form at ``path``, and its two steps posted to it."""

    @page(upload.role)
    async def form_page(page: Page) -> Response:
        return _page(page, upload)

    @page(upload.role)
    async def posted(page: Page) -> Response:
        form = await page.form()
        run = functools.partial(upload.run, page.kiosk, page.user)
        try:
            file = await _file_of(form)
            if form.get("step") == "import":
                skip_bad = form.get("skip_bad") == "yes"
                report = await run_in_threadpool(run, file, skip_bad, False)
                if report.imported:
                    return see_other(f"{upload.back}?done=imported&count={report.imported}")
            else:
                report = await run_in_threadpool(run, file, False, True)
                what = f"upload_{upload.kind}:{report.rows}"
                await run_in_threadpool(viewed, page.kiosk, page.user.actor, what)
        except KioskError as refused:
            return _page(page, upload, problem=page.said(refused))
        return _page(page, upload, file=file, report=report)

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
    page: Page,
    upload: Upload,
    *,
    file: CsvFile | None = None,
    report: ImportReport | None = None,
    problem: str | None = None,
) -> Response:
    """The form; with a checked ``report``, each bad row's line and why, and *Import*."""
    columns = upload.columns(page.kiosk)
    bad_rows = report.bad if report else []
    return page.render(
        "upload.html",
        status=400 if problem else 200,
        kind=upload.kind,
        back_to=upload.back,
        required=sorted(columns.required),
        optional=sorted(columns.optional),
        file_name=file.name if file else None,
        carried=base64.b64encode(file.data).decode() if file else None,
        report=report,
        problems=[(bad.line, page.said(bad.error)) for bad in bad_rows],
        problem=problem,
    )
