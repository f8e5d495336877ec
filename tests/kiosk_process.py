"""One kiosk process, for the tests of several kiosks on one database.

``python -m tests.kiosk_process CONFIG KIOSK_ID JOB [ARGS]`` opens the kiosk from its config file,
waits for the file ``CONFIG.go`` (so that every process starts at once), and does its job:

- ``checkin TOKENS_FILE``: checks in each token of the file, printing one JSON line per token
  (with the check-in's time in milliseconds, when it ended, and how long the guest waited on
  "one moment" while the database was out of reach: the step is tried again, as the lobby
  does);
- ``mail LIMIT``: drains the email outbox ``LIMIT`` jobs at a time until nothing is due.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

from kiosk.errors import DatabaseUnavailable
from kiosk.notify.smtp import SmtpTransport
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.visits.check_in import CheckIn, check_in
from kiosk.settings import load_settings
from tests.builders import send_mail

GO_TIMEOUT_S = 60
RETRY_S = 0.25
"""How soon a check-in the database refused is tried again (the lobby's "one moment")."""
PROCESS_TIMEOUT_S = 600
REPOSITORY = Path(__file__).parent.parent


def _wait_for_go(config: Path) -> None:
    go = config.with_suffix(".go")
    deadline = time.monotonic() + GO_TIMEOUT_S
    while not go.exists():
        if time.monotonic() > deadline:
            raise SystemExit("no go signal")
        time.sleep(0.01)


def _report(**fields) -> None:
    print(json.dumps(fields), flush=True)


def _checked_in(kiosk, invitation_id: int) -> tuple[CheckIn, float]:
    """The check-in, tried again while the database is out of reach; how long that took."""
    first_refusal = None
    while True:
        try:
            result = check_in(kiosk, invitation_id)
        except DatabaseUnavailable:
            first_refusal = first_refusal or time.perf_counter()
            time.sleep(RETRY_S)
            continue
        return result, (time.perf_counter() - first_refusal) if first_refusal else 0.0


def main(config_path: str, kiosk_id: str, job: str, argument: str) -> None:
    config = Path(config_path)
    kiosk = open_kiosk(load_settings(config, environ={}, overrides={"kiosk.id": kiosk_id}))
    _report(ready=kiosk_id)
    _wait_for_go(config)
    if job == "checkin":
        for token in Path(argument).read_text().split():
            started = time.perf_counter()
            result, waited = _checked_in(kiosk, kiosk.tokens.id_of(token))
            _report(
                token=token,
                visit=result.visit.id,
                badge=result.visit.badge_number,
                repeated=result.repeated,
                ms=(time.perf_counter() - started) * 1000,
                waited=waited,
                at=time.time(),
            )
    elif job == "mail":
        transport = SmtpTransport(kiosk.settings.smtp_url)
        while send_mail(kiosk, transport, limit=int(argument)).counts:
            pass


def start_kiosks(config: Path, job: str, arguments: list[str]) -> list[subprocess.Popen]:
    """Kiosk processes, one per argument, started together once each has opened the kiosk."""
    config.with_suffix(".go").unlink(missing_ok=True)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.kiosk_process", str(config), f"kiosk-{n}", job, argument],
            cwd=REPOSITORY,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n, argument in enumerate(arguments, 1)
    ]
    for process in processes:
        assert json.loads(process.stdout.readline()).get("ready"), "the kiosk opened"
    config.with_suffix(".go").touch()
    return processes


def finished(processes: list[subprocess.Popen]) -> list[dict]:
    lines = []
    for process in processes:
        out, _ = process.communicate(timeout=PROCESS_TIMEOUT_S)
        assert process.returncode == 0
        lines += [json.loads(line) for line in out.splitlines()]
    return lines


if __name__ == "__main__":
    main(*sys.argv[1:])
