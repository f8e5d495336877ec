"""``kiosk serve``: the web portal, where hosts invite their own guests."""

import os

import click

from kiosk.cli.base import CliState, pass_state


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@pass_state
def serve(state: CliState, host: str, port: int, workers: int) -> None:
    """Start the web portal (Ctrl-C stops it)."""
    from kiosk.web.server import serve as run_portal
    from kiosk.web.server import untrusted_proxy_warning

    kiosk = state.kiosk  # settings, database and schema checked before listening
    for key, variable in (("database.url", "KIOSK_DATABASE_URL"), ("printer.uri", "KIOSK_PRINTER")):
        if state.overrides.get(key):
            os.environ[variable] = state.overrides[key]
    if state.config_file:
        os.environ["KIOSK_CONFIG"] = str(state.config_file)
    click.echo(
        f"Portal starting on http://{host}:{port} "
        f"(sign-in links point to {kiosk.settings.portal_url}); Ctrl-C stops it.",
        err=True,
    )
    warning = untrusted_proxy_warning(host)
    if warning:
        click.echo(f"kiosk serve: {warning}", err=True)
    run_portal(kiosk, host, port, workers)
