"""`seen-heard indicators export` and `seen-heard ssda903 import`."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("indicators")
def indicators_cli() -> None:
    """Export voice indicators with disclosure control."""


@indicators_cli.command("export")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="A new (or empty) directory for the release.")
@click.option("--format", "file_format", type=click.Choice(["ees", "csv", "parquet"]),
              default="ees", show_default=True, help="EES open data files, or tidy CSV/Parquet.")
@click.option("--period", "periods", multiple=True,
              help="An EES time_period to include, e.g. 2025 or 202425 (repeat for more).")
@click.option("--la", "la_codes", multiple=True,
              help="A DfE old_la_code to include, e.g. 850 (repeat for more; default all).")
@click.option("--threshold", type=click.IntRange(0), default=5, show_default=True,
              help="Counts from 1 to this are suppressed as c.")
@click.option("--round-national", is_flag=True,
              help="Round national and regional counts to the nearest 10.")
@with_appcontext
def export_command(out_dir: Path, file_format: str, periods: tuple[str, ...],
                   la_codes: tuple[str, ...], threshold: int, round_national: bool) -> None:
    """Write every shipped indicator, disclosure-controlled, with a manifest; all or nothing."""
    from coding.disclosure import DisclosurePolicy
    from coding.indicators import IndicatorError
    from voice.db import session_scope
    from voice.indicators.release import ReleaseRequest, build_release

    rounded = frozenset({"National", "Regional"}) if round_national else frozenset()
    request = ReleaseRequest(file_format, periods, la_codes,
                             DisclosurePolicy(threshold=threshold, rounded_levels=rounded))
    try:
        with session_scope(current_app) as session:
            manifest = build_release(session, out_dir, request)
    except (IndicatorError, ValueError) as error:
        click.echo(f"Error: {error}", err=True)
        click.echo("Nothing was exported.", err=True)
        sys.exit(1)
    for entry in manifest["indicators"]:
        click.echo(f"{entry['indicator']}: {entry['rows']} rows, "
                   f"{entry['suppressed_primary'] + entry['suppressed_secondary']} suppressed")
    for entry in manifest["skipped"]:
        click.echo(f"{entry['indicator']}: not exported ({entry['reason']})")
    click.echo(f"Wrote {len(manifest['indicators'])} indicators to {out_dir} "
               f"(data hash {manifest['data_sha256'][:12]}).")


@click.group("ssda903")
def ssda903_cli() -> None:
    """Import SSDA903 care-leaver returns."""


@ssda903_cli.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--la", "la_code", required=True, help="The authority's DfE old_la_code, e.g. 850.")
@click.option("--year", type=int, required=True,
              help="The collection year: 2025 for the year to 31 March 2025.")
@with_appcontext
def ssda903_import_command(path: Path, la_code: str, year: int) -> None:
    """Import header.csv and oc3.csv from PATH; any invalid value stops it, nothing stored."""
    from coding.ssda903 import Ssda903Error
    from voice.db import session_scope
    from voice.indicators.ssda903_import import import_return

    try:
        with session_scope(current_app) as session:
            count = import_return(session, path, la_code, year, current_app.config["PSEUDONYM_KEY"])
    except Ssda903Error as error:
        click.echo(f"Error: {error}", err=True)
        click.echo("Nothing was stored.", err=True)
        sys.exit(1)
    click.echo(f"Imported {count} care-leaver records for {la_code}, year {year}.")
