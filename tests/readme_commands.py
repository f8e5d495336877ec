"""The README's table of commands, as what the suite must have run: each command, each option
it shows, and each value it lists (``--format csv|md``). The root conftest records every
in-process ``kiosk`` invocation and, after a whole run, fails it if a command of the table was
never run as shown."""

import re
import shlex
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"
STARTED_ELSEWHERE = {"run", "demo", "serve", "worker"}
"""Long-running: started in a process of its own (the touch-screen app in
tests/test_demo_command.py and the UI tests' driver, the portal in
tests/web/test_serve_command.py, the worker in tests/test_deploy.py), never through the
command line in the test process."""


def _usages() -> list[str]:
    table = README.read_text(encoding="utf-8").split("## Commands", 1)[1].split("\n## ", 1)[0]
    usages = []
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        first_cell = row.split(" | ", 1)[0]
        for usage in re.findall(r"`([^`]+)`", first_cell):
            usages.append(usage if usage.startswith("kiosk ") else f"kiosk {usage}")
    return usages


def expectations() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(command words, arguments one of their invocations must hold): the command alone, each
    option, and each listed value of an option with alternatives."""
    wanted = []
    for usage in _usages():
        tokens = [t for t in re.split(r"[\s\[\]()]+", usage.replace("\\|", "|")) if t]
        words = []
        for token in tokens[1:]:
            if not re.fullmatch(r"[a-z][a-z-]*", token):
                break
            words.append(token)
        if words[0] in STARTED_ELSEWHERE:
            continue
        wanted.append((tuple(words), ()))
        for index, token in enumerate(tokens):
            if not token.startswith("--"):
                continue
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            if "|" in following and not following.startswith("-"):
                wanted += [(tuple(words), (token, value)) for value in following.split("|")]
            else:
                wanted.append((tuple(words), (token,)))
    return wanted


def _holds(invocation: tuple[str, ...], words: tuple[str, ...], arguments: tuple[str, ...]):
    text = " " + " ".join(shlex.quote(a) for a in invocation) + " "
    return f" {' '.join(words)} " in text and f" {' '.join(arguments)}" in text


def never_run(invocations: list[tuple[str, ...]]) -> list[str]:
    """What the README shows that no invocation ran."""
    return [
        " ".join(("kiosk", *words, *arguments))
        for words, arguments in expectations()
        if not any(_holds(invocation, words, arguments) for invocation in invocations)
    ]
