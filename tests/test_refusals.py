"""Every refusal in the reader's language: each error the code raises carries a reason (its own,
or its class's), each reason has words in kiosk/words.py, translated in every language of the
table, with the placeholders its details fill; the portal shows them, not the English."""

import ast
import string
from pathlib import Path

import pytest

from kiosk.errors import InvitationError, KioskError, NotFound
from kiosk.i18n import translations
from kiosk.languages import LANGUAGES
from kiosk.words import REASONS, describe
from tests.builders import TOMORROW, request
from tests.portal_client import form_token, signed_in

PACKAGE = Path(__file__).parents[1] / "kiosk"
SOURCE_LANGUAGE = "en"
"""The language the words are written in (the catalogs' message ids)."""
REASON_HELPERS = {"refuse"}
"""Functions that raise an InvitationError with the reason they are given."""


def error_classes(trees: list[ast.Module]) -> dict[str, str | None]:
    """Every error class of the package by name, with its default reason."""
    import kiosk.errors

    classes = {
        name: getattr(kiosk.errors, name).reason
        for name in dir(kiosk.errors)
        if isinstance(getattr(kiosk.errors, name), type)
        and issubclass(getattr(kiosk.errors, name), KioskError)
    }
    grown = True
    while grown:
        grown = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in classes:
                    bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
                    parent = next((b for b in bases if b in classes), None)
                    if parent:
                        own = [
                            s.value.value
                            for s in node.body
                            if isinstance(s, ast.Assign)
                            and [t.id for t in s.targets if isinstance(t, ast.Name)] == ["reason"]
                        ]
                        classes[node.name] = own[0] if own else classes[parent]
                        grown = True
    return classes


def all_subclasses(kind: type) -> set[type]:
    return {kind} | {c for sub in kind.__subclasses__() for c in all_subclasses(sub)}


REFUSING = {"RefusedInput", "CaptureRefused", "InvitationError"}


def raised_reasons() -> list[tuple[str, str | None, set[str]]]:
    """(where, reason, details given) for every error the package constructs."""
    files = sorted(PACKAGE.rglob("*.py"))
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in files]
    classes = error_classes(trees)
    found = []
    for path, tree in zip(files, trees, strict=True):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            name, where = node.func.id, f"{path.relative_to(PACKAGE)}:{node.lineno}"
            keywords = {k.arg: k.value for k in node.keywords}
            if name in REASON_HELPERS or name in REFUSING:
                given = node.args[0] if node.args else keywords.get("reason")
                if name in REFUSING and isinstance(given, ast.Name):
                    enclosing = [
                        f.name
                        for f in ast.walk(tree)
                        if isinstance(f, ast.FunctionDef) and node in ast.walk(f)
                    ]
                    if set(enclosing) & REASON_HELPERS:
                        continue
                reason = given.value if isinstance(given, ast.Constant) else None
            elif name in classes:
                given = keywords.get("reason")
                reason = given.value if isinstance(given, ast.Constant) else classes[name]
                if given is not None and not isinstance(given, ast.Constant):
                    reason = None
            else:
                continue
            details = {k for k in keywords if k not in ("reason", "field")}
            found.append((where, reason, details))
    return found


def test_every_error_raised_has_a_reason_with_words_and_its_placeholders() -> None:
    raised = raised_reasons()
    assert len(raised) > 60, "the walk finds the package's errors"
    problems = []
    for where, reason, details in raised:
        if reason is None:
            problems.append(f"{where}: the reason is not written out")
        elif reason not in REASONS:
            problems.append(f"{where}: '{reason}' has no words in kiosk/words.py")
        else:
            wanted = {n for _, n, _, _ in string.Formatter().parse(REASONS[reason]) if n}
            if wanted != details:
                problems.append(f"{where}: '{reason}' fills {wanted} from {details or '{}'}")
    assert problems == []


def test_every_reason_has_words_in_every_language_and_no_words_go_unused() -> None:
    used = {reason for _, reason, _ in raised_reasons()}
    class_defaults = {error.reason for error in all_subclasses(KioskError)}
    assert set(REASONS) - used <= class_defaults
    for code in LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        untranslated = [
            r for r, words in REASONS.items() if translations(code).gettext(words) == words
        ]
        assert untranslated == [], code


@pytest.mark.parametrize(
    ("error", "indonesian"),
    [
        (InvitationError("too_far", "a visit must end within 365 days", days=365), "365 hari"),
        (InvitationError("cancelled", "the invitation is already cancelled"), "dibatalkan"),
        (NotFound("this alert was already handled", reason="alert_handled"), "sudah ditangani"),
        (KioskError("anything at all"), "tidak dapat"),
    ],
)
def test_describe_speaks_the_readers_language(error: KioskError, indonesian: str) -> None:
    said = describe(error, translations("id").gettext, lambda _field: None)
    assert indonesian in said and str(error) not in said


def test_the_indonesian_portal_refuses_in_indonesian(site, mail_server) -> None:
    from kiosk.services.invitations.invite import cancel_invitation, invite

    client = signed_in(site, mail_server)
    client.cookies.set("kiosk_lang", "id")
    made = invite(site, request(), "host:test")
    cancel_invitation(site, made.id, "staff:test")
    page = f"/invitations/{made.id}"
    resent = client.post(f"{page}/resend", data={"csrf": form_token(client, page)})
    assert "Undangan ini dibatalkan." in resent.text
    assert "already cancelled" not in resent.text

    page = f"/invitations/{invite(site, request(), 'host:test').id}"
    far = TOMORROW.replace(year=TOMORROW.year + 2).isoformat()
    form = {"day": far, "start": "09:00", "end": "10:00", "csrf": form_token(client, page)}
    moved = client.post(f"{page}/time", data=form)
    assert "hari dari hari ini" in moved.text and "must end within" not in moved.text
