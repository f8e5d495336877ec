"""Forms drawn from the registry: the fields an intake asks for, each with its "why do we
ask?", what a browser posted for them, and a refusal placed beside the field it names."""

from starlette.datastructures import FormData

from kiosk.errors import KioskError
from kiosk.privacy.field_kinds import Entry
from kiosk.privacy.wording import why_we_ask
from kiosk.services.intake.fields import Prompt
from kiosk.services.kiosk import Kiosk
from kiosk.words import describe


def field_context(kiosk: Kiosk, asked: list[Prompt], language: str) -> dict[str, object]:
    """What ``macros.html``'s ``field`` draws each prompt with."""
    policy = kiosk.gateway.policy
    return {
        "prompts": asked,
        "why": {p.name: why_we_ask(policy, p.key, p.purpose, language) for p in asked},
        "Entry": Entry,
    }


def values_of(form: FormData, asked: list[Prompt]) -> dict[str, object]:
    """The posted values by registry field (a box to tick: whether it was ticked)."""
    values: dict[str, object] = {}
    for prompt in asked:
        if prompt.entry is Entry.FLAG:
            values[prompt.key] = form.get(prompt.name) == "on"
        else:
            values[prompt.key] = str(form.get(prompt.name, ""))
    return values


def refusal_beside(refused: KioskError, asked: list[Prompt], _) -> dict[str, str]:
    """``{input name: message}`` for the field the refusal names, else ``{"form": ...}``."""
    labels = {p.key: p.label for p in asked}
    field = getattr(refused, "field", None)
    where = field.partition(".")[2] if field in labels else "form"
    return {where: describe(refused, _, labels.get)}
