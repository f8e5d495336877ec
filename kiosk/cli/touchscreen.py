"""``kiosk run`` and ``kiosk demo``: the touch-screen app."""

import click

from kiosk.cli.base import CliState, pass_state
from kiosk.services.bootstrap import open_kiosk
from kiosk.services.demo import DEMO_STAFF_PIN, new_demo_place, seed_demo


@click.command()
@click.option("--windowed", is_flag=True, help="A window instead of full screen.")
@click.option("--demo", is_flag=True, help="Throwaway SQLite database, demo data, preview printer.")
@pass_state
def run(state: CliState, windowed: bool, demo: bool) -> None:
    """Start the touch-screen kiosk."""
    from kiosk.ui.launch import run_kiosk

    if not demo:
        settings = state.settings
        run_kiosk(settings, lambda: open_kiosk(settings), windowed=windowed)
        return
    place = new_demo_place()
    kiosk = open_kiosk(state.settings_with(place.overrides()))
    summary = seed_demo(kiosk)
    click.echo(
        f"Demo kiosk: {summary.hosts} hosts and {summary.invitations} guests expected today.\n"
        f"  database:       {place.database_url}\n"
        f"  badge previews: {kiosk.settings.badge_dir}\n"
        f"  staff PIN:      {DEMO_STAFF_PIN}",
        err=True,
    )
    run_kiosk(kiosk.settings, lambda: kiosk, windowed=windowed)


@click.command()
@click.option("--windowed", is_flag=True, help="A window instead of full screen.")
@click.pass_context
def demo(ctx: click.Context, windowed: bool) -> None:
    """Same as ``run --demo``."""
    ctx.invoke(run, windowed=windowed, demo=True)
