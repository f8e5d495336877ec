"""The demo kiosk: a throwaway folder with its SQLite database, demo data, a preview printer,
mail into files, and the portal beside it on this machine."""

import click

from kiosk.cli.base import CliState
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.demo import (
    DEMO_STAFF_PIN,
    demo_reception_account,
    demo_sign_in_link,
    new_demo_place,
    seed_demo,
)
from kiosk.ui.launch import run_kiosk
from kiosk.web.server import BackgroundPortal, free_port

PORTAL_HOST = "127.0.0.1"
"""The demo portal is for this machine only."""


def run_demo(state: CliState, *, windowed: bool, keep: bool) -> None:
    """Seeds the demo, says where everything is, and runs the kiosk and the portal until the
    kiosk is closed; the folder is removed then unless ``keep``."""
    place = new_demo_place()
    port = free_port(PORTAL_HOST)
    kiosk = open_kiosk(state.settings_with(place.overrides(port)))
    summary = seed_demo(kiosk)
    reception = demo_reception_account(kiosk)
    portal = BackgroundPortal(kiosk, PORTAL_HOST, port)
    portal.start()
    click.echo(
        f"Demo kiosk: {summary.hosts} hosts and {summary.invitations} guests expected today.\n"
        f"  database:       {place.database_url}\n"
        f"  badge previews: {kiosk.settings.badge_dir}\n"
        f"  staff PIN:      {DEMO_STAFF_PIN}\n"
        f"  web portal:     {kiosk.settings.portal_url}\n"
        f"  host sign-in:   {demo_sign_in_link(kiosk)}  (once, for 15 minutes)\n"
        f"  reception:      {reception.email} / {reception.password}"
        f"  (at {kiosk.settings.portal_url}/signin/password)\n"
        f"  email goes to:  {place.mail_folder}\n"
        f"  demo folder:    {place.folder}  ({'kept' if keep else 'removed'} on exit)",
        err=True,
    )
    try:
        run_kiosk(kiosk.settings, lambda: kiosk, windowed=windowed)
    finally:
        portal.stop()
        if keep:
            click.echo(f"Demo folder kept: {place.folder}", err=True)
        else:
            place.remove()
