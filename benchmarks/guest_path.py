"""The pre-registered guest's path on the real kiosk (offscreen): touches and time from the
scan to "take your badge" (the badge printed on the preview printer), with the default
verification (none).

    SDL_VIDEODRIVER=offscreen .venv/bin/python -m benchmarks.guest_path [GUESTS]

Prints the touches per guest and the time percentiles over GUESTS guests (default 30).
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from kiosk.clock import local_today
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.directory.hosts import add_host
from kiosk.services.invitations.invite import invite
from kiosk.settings import load_settings
from kiosk.ui.launch import prepare_kivy
from tests.builders import member, request

ENTER = 13


def main(guests: int) -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    prepare_kivy(str(folder / "kivy"), windowed=True)
    from kivy.core.window import Window

    from kiosk.ui.app import KioskApp
    from tests.ui.driving import KioskDriver

    (folder / "config.toml").touch()
    settings = load_settings(
        folder / "config.toml", environ={}, overrides={"paths.data_dir": str(folder)}
    )
    kiosk = open_kiosk(settings)
    with kiosk.unit_of_work() as uow:
        add_host(uow, kiosk, member("Rina Wijaya", "rina@menara.example"), "bench")
        uow.commit()
    today = local_today(kiosk.site.timezone)
    window = {"day": today - timedelta(days=1), "until": today + timedelta(days=1)}
    whole_days = {"start_time": None, "end_time": None}
    tokens = [
        invite(kiosk, request(**window, **whole_days, name=f"Tamu {n}", email=None), "bench").token
        for n in range(guests)
    ]
    Window.size = (1280, 800)
    app = KioskApp(settings, lambda: kiosk)
    app._run_prepare()
    driver = KioskDriver(app, Window)
    driver.wait_for(lambda: app.ready, timeout=30)
    seconds, touches = [], []
    for token in tokens:
        taps = 0
        started = time.perf_counter()
        for character in token:
            Window.dispatch("on_textinput", character)
        driver.press_key(ENTER)
        for button in ("accept", "confirm"):
            driver.tap(button)
            taps += 1
        assert app.root.current == "result" and "badge" in app.lobby.state.step
        assert driver.wait_for(lambda: app.root.current_screen.badge is not None), "printed"
        seconds.append(time.perf_counter() - started)
        touches.append(taps)
        driver.tap("done")
    app.dispatch("on_stop")
    p90 = statistics.quantiles(seconds, n=10, method="inclusive")[8]
    print(f"guests: {guests}   touches from scan to badge: {max(touches)} (target: at most 3)")
    print(
        f"time from scan to 'take your badge' (incl. screen fades): "
        f"p50 {statistics.median(seconds):.2f} s, p90 {p90:.2f} s, max {max(seconds):.2f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
