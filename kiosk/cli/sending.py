"""What a command sends before it exits: the badges due at this kiosk's printer, the email due
(where a mail server is set), and the messages due on chat, SMS and webhook channels."""

import click

from kiosk.services.kiosk import Kiosk
from kiosk.services.outbox.senders import Channel, send_due


def print_queued(kiosk: Kiosk) -> bool:
    """Prints the badges that are due now; says what happened. True when every one printed."""
    report = send_due(kiosk, Channel.PRINT)
    if report.counts:
        click.echo(f"badges: {report}")
    if not report.all_sent:
        click.echo("a badge did not print: see kiosk outbox list and kiosk printer status")
    return report.all_sent


def send_queued(kiosk: Kiosk, *, email: bool = True, quiet: bool = False) -> bool:
    """Sends the messages, and the email (when ``email`` was queued), that are due now; says
    what happened unless ``quiet``. True when everything due went out."""
    sent = True
    if email:
        report = send_due(kiosk, Channel.EMAIL)
        if report is None:
            sent = False
            if not quiet:
                click.echo("email queued; set mail.smtp_url and run: kiosk outbox retry")
        else:
            sent = report.all_sent
            if not quiet:
                click.echo(f"email: {report}")
    messages = send_due(kiosk, Channel.MESSAGE)
    if messages.counts and not quiet:
        click.echo(f"messages: {messages}")
    return sent and messages.all_sent
