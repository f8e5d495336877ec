"""``kiosk notify test URL``: one test message to a chat, SMS or webhook channel."""

import click

from kiosk.cli.base import CliState, pass_state
from kiosk.services.outbox.messages import send_test


@click.group()
def notify() -> None:
    """Chat, SMS and webhook channels (Apprise URLs)."""


@notify.command()
@click.argument("url")
@pass_state
def test(state: CliState, url: str) -> None:
    """Send one test message to URL and say what the service answered (exit 1 when it refused
    it or could not be reached)."""
    result = send_test(state.settings, url)
    click.echo(result.detail)
    if result.delivery != "sent":
        raise SystemExit(1)
