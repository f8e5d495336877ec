"""``kiosk run`` and ``kiosk demo``: the touch-screen app.

Nothing of the database or the screens is imported to start: the welcome screen is drawn
first, and the kiosk comes up behind it (see :mod:`kiosk.ui.app`)."""

import click

from kiosk.cli.base import CliState, pass_state

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
    if demo:
        from kiosk.cli.demo_kiosk import run_demo

        run_demo(state, windowed=windowed, keep=keep)
        return
    from kiosk.ui.launch import open_site_kiosk, run_kiosk

    settings = state.settings
    run_kiosk(settings, lambda: open_site_kiosk(settings), windowed=windowed)


@click.command()
@click.option("--windowed", is_flag=True, help="A window instead of full screen.")
@keep_option
@click.pass_context
def demo(ctx: click.Context, windowed: bool, keep: bool) -> None:
    """Same as ``run --demo``."""
    ctx.invoke(run, windowed=windowed, demo=True, keep=keep)
