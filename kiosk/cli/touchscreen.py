"""``kiosk run`` and ``kiosk demo``: the touch-screen app."""

import click

from kiosk.cli.base import CliState, pass_state
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.demo import (
    DEMO_STAFF_PIN,
    demo_reception_account,
    demo_sign_in_link,
    new_demo_place,
    seed_demo,
)

PORTAL_HOST = "127.0.0.1"
"""The demo portal is for this machine only."""
keep_option = click.option(
    "--keep", is_flag=True, help="Demo: keep its throwaway folder (database, badges, mail) on exit."
)


@click.command()
@click.option("--windowed", is_flag=True, help="A window instead of full screen.")
@click.option("--demo", is_flag=True, help="Throwaway SQLite database, demo data, preview printer.")
@keep_option
@pass_state
def run(state: CliState, windowed: bool, demo: bool, keep: bool) -> None:
    """Start the touch-screen kiosk."""
    from kiosk.ui.launch import run_kiosk

    if not demo:
        settings = state.settings
        run_kiosk(settings, lambda: open_kiosk(settings), windowed=windowed)
        return
    from kiosk.web.server import BackgroundPortal, free_port

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


@click.command()
@click.option("--windowed", is_flag=True, help="A window instead of full screen.")
@keep_option
@click.pass_context
def demo(ctx: click.Context, windowed: bool, keep: bool) -> None:
    """Same as ``run --demo``."""
    ctx.invoke(run, windowed=windowed, demo=True, keep=keep)
