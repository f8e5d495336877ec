"""``kiosk serve``: the web portal, where hosts invite their own guests."""

import ipaddress
import os

import click

from kiosk.cli.base import CliState, UserError, pass_state

WILDCARDS = ("0.0.0.0", "::", "")


def served_url(host: str, port: int) -> str:
    """The portal's address as it serves it: what sign-in links point to when ``portal.url``
    is not set."""
    try:
        bracketed = ipaddress.ip_address(host).version == 6
    except ValueError:
        bracketed = False
    return f"http://{f'[{host}]' if bracketed else host}:{port}"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@pass_state
def serve(state: CliState, host: str, port: int, workers: int) -> None:
    """Start the web portal (Ctrl-C stops it)."""
    from kiosk.web.server import serve as run_portal
    from kiosk.web.server import untrusted_proxy_warning

    if state.settings.sources.get("portal.url") == "default":
        if host in WILDCARDS:
            raise UserError(
                f"serve: listening on every address ({host or 'all'}) needs portal.url "
                "(KIOSK_PORTAL_URL): the address hosts reach, which the links in emails point to"
            )
        state.override("portal.url", served_url(host, port))
    kiosk = state.kiosk  # settings, database and schema checked before listening
    passed_on = (
        ("database.url", "KIOSK_DATABASE_URL"),
        ("printer.uri", "KIOSK_PRINTER"),
        ("portal.url", "KIOSK_PORTAL_URL"),
    )
    for key, variable in passed_on:
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
