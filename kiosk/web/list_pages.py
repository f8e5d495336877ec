"""A list with a form that adds to it, drawn from the registry (the deny list, the directory):
the intake's fields, each with its "why do we ask?"; a refusal said beside the field it
names, with what was typed kept; after an add, the list says so (``?done=added``)."""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import Response

from kiosk.errors import KioskError
from kiosk.privacy.registry import Intake
from kiosk.services.intake.fields import Prompt, prompts
from kiosk.web.fields import field_context, refusal_beside, values_of
from kiosk.web.pages import Page, see_other


@dataclass(frozen=True)
class ListWithForm:
    path: str
    template: str
    intake: Intake
    listed: Callable[[Page], Awaitable[dict[str, Any]]]
    """What the list shows, as the template's context (read as an audited view)."""

    def asked(self, page: Page) -> list[Prompt]:
        return prompts(page.kiosk, self.intake, None, page.language)

    async def show(
        self, page: Page, given: Mapping[str, str] | None = None, errors: dict | None = None
    ) -> Response:
        return page.render(
            self.template,
            status=400 if errors else 200,
            **await self.listed(page),
            **field_context(page.kiosk, self.asked(page), page.language),
            given=given or {},
            errors=errors or {},
            done=page.query("done"),
        )

    async def add(
        self, page: Page, form: FormData, add: Callable[[dict[str, object]], object]
    ) -> Response:
        """Runs ``add`` (in a worker thread) with the form's values of the asked fields."""
        asked = self.asked(page)
        try:
            values = values_of(form, asked)
            await run_in_threadpool(add, values)
        except KioskError as refused:
            given = {name: str(value) for name, value in form.items()}
            return await self.show(page, given, refusal_beside(refused, asked, page._))
        return see_other(f"{self.path}?done=added")
