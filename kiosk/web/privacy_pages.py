"""``/admin/records``, ``/admin/audit`` and ``/admin/retention``: the admin's privacy work (see
:mod:`kiosk.services.portal.privacy_admin`). To anyone but an admin they do not exist."""

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response
from starlette.routing import Route

from kiosk.errors import NotFound
from kiosk.services.portal.privacy_admin import (
    DOWNLOADS,
    check_audit,
    preview_retention,
    record_download,
    registry_fields,
)
from kiosk.services.roles import Role
from kiosk.web.pages import Page, page

FILE_NAMES = {"md": "record-of-processing.md", "csv": "record-of-processing.csv"}


@page(Role.ADMIN)
async def records_page(page: Page) -> Response:
    version, fields = await run_in_threadpool(registry_fields, page.kiosk, page.user, page.language)
    return page.render("admin_records.html", version=version, fields=fields)


@page(Role.ADMIN)
async def download_page(page: Page) -> Response:
    style = page.request.path_params["style"]
    if style not in DOWNLOADS:
        raise NotFound("no such page", reason="no_page")
    text = await run_in_threadpool(record_download, page.kiosk, page.user, style, page.language)
    name = FILE_NAMES.get(style, "registry.fideslang.yaml")
    return Response(
        text,
        media_type=f"{DOWNLOADS[style]}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@page(Role.ADMIN)
async def audit_page(page: Page) -> Response:
    checked = await run_in_threadpool(check_audit, page.kiosk, page.user)
    return page.render("admin_audit.html", checked=checked)


@page(Role.ADMIN)
async def retention_page(page: Page) -> Response:
    preview = await run_in_threadpool(preview_retention, page.kiosk, page.user, page.language)
    return page.render("admin_retention.html", preview=preview)


ROUTES = [
    Route("/admin/records", records_page, methods=["GET"]),
    Route("/admin/records/{style}", download_page, methods=["GET"]),
    Route("/admin/audit", audit_page, methods=["GET"]),
    Route("/admin/retention", retention_page, methods=["GET"]),
]
