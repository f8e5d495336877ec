"""``/admin/records``, ``/admin/audit`` and ``/admin/retention``: the admin's privacy work (see
:mod:`kiosk.services.portal.privacy_admin`). To anyone but an admin they do not exist."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import NotFound
from kiosk.services.directory.hosts import ADMIN
from kiosk.services.portal.privacy_admin import (
    DOWNLOADS,
    check_audit,
    preview_retention,
    record_download,
    registry_fields,
)
from kiosk.web.pages import reader_language, render, required_user

FILE_NAMES = {"md": "record-of-processing.md", "csv": "record-of-processing.csv"}


async def records_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    kiosk, language = request.app.state.kiosk, reader_language(request, user)
    version, fields = await run_in_threadpool(registry_fields, kiosk, user, language)
    return render(request, "admin_records.html", user, version=version, fields=fields)


async def download_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    style = request.path_params["style"]
    if style not in DOWNLOADS:
        raise NotFound("no such page", reason="no_page")
    kiosk, language = request.app.state.kiosk, reader_language(request, user)
    text = await run_in_threadpool(record_download, kiosk, user, style, language)
    name = FILE_NAMES.get(style, "registry.fideslang.yaml")
    return Response(
        text,
        media_type=f"{DOWNLOADS[style]}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def audit_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    checked = await run_in_threadpool(check_audit, request.app.state.kiosk, user)
    return render(request, "admin_audit.html", user, checked=checked)


async def retention_page(request: Request) -> Response:
    user = await required_user(request, ADMIN)
    kiosk, language = request.app.state.kiosk, reader_language(request, user)
    preview = await run_in_threadpool(preview_retention, kiosk, user, language)
    return render(request, "admin_retention.html", user, preview=preview)


ROUTES = [
    Route("/admin/records", records_page, methods=["GET"]),
    Route("/admin/records/{style}", download_page, methods=["GET"]),
    Route("/admin/audit", audit_page, methods=["GET"]),
    Route("/admin/retention", retention_page, methods=["GET"]),
]
