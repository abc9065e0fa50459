"""`seen-heard keys rotate`: re-encrypt stored raw text under the first key in DATA_KEY."""

import click
from flask import current_app
from flask.cli import with_appcontext

from voice.documents.rotation import rotate_keys


@click.group("keys")
def keys_cli() -> None:
    """Manage the encryption keys of stored raw text."""


@keys_cli.command("rotate")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=500, show_default=True,
              help="Rows re-encrypted and committed together.")
@with_appcontext
def rotate_command(batch_size: int) -> None:
    """Re-encrypt every ciphertext under DATA_KEY's first key; safe to re-run after a stop."""
    bars: dict[str, click.progressbar] = {}

    def show(table: str, done: int, total: int) -> None:
        if table not in bars:
            bars[table] = click.progressbar(length=max(total, 1), label=f"Re-encrypting {table}",
                                            file=click.get_text_stream("stderr"))
            bars[table].__enter__()  # entered by hand: the bar starts inside the callback
        bar = bars[table]
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    report = rotate_keys(current_app._get_current_object(), on_progress=show, batch_size=batch_size)
    click.echo(f"Re-encrypted {report.rotated:,} ciphertext(s) under the first DATA_KEY key; "
               f"{report.current:,} were already under it.")
    click.echo("When every worker and web server runs with the new DATA_KEY, you may remove the old keys.")
