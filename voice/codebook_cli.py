"""`seen-heard codebook ...` and `seen-heard project export`: codebook files in and out.

validate reads a file and stores nothing; import stores a new version (or says it is
unchanged); export writes the newest version as YAML or REFI-QDA .qdc; project export writes
a REFI-QDA .qdpx of redacted documents and their coding. Every problem is printed with its
line where the file has lines, and nothing is stored when there is one.
"""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from coding.codebook import InvalidCodebook, dump_codebook
from coding.refi import InvalidRefi, export_qdc
from voice.coding.errors import CodingError

PATH_ARGUMENT = click.Path(exists=True, dir_okay=False, path_type=Path)
OUT = click.Path(dir_okay=False, writable=True, path_type=Path)


def _fail(error: Exception) -> None:
    click.echo(f"Error: {error}", err=True)
    click.echo("Fix these and try again; nothing was stored.", err=True)
    sys.exit(1)


@click.group("codebook")
def codebook_cli() -> None:
    """Check, import and export codebooks (YAML, REFI-QDA .qdc and .qdpx)."""


@codebook_cli.command("validate")
@click.argument("path", type=PATH_ARGUMENT)
def validate_command(path: Path) -> None:
    """Check a codebook file and list every problem with its line, storing nothing."""
    from voice.coding.exchange import read_codebook_file

    try:
        book = read_codebook_file(path)
    except (InvalidCodebook, InvalidRefi, CodingError) as error:
        _fail(error)
    count = sum(1 for _ in book.iter_codes())
    click.echo(f"{path.name} is a valid codebook: {book.key}, version {book.version}, {count} codes.")


@codebook_cli.command("import")
@click.argument("path", type=PATH_ARGUMENT)
@click.option("--key", help="Codebook key for a .qdc or .qdpx (default: from the file name).")
@with_appcontext
def import_command(path: Path, key: str | None) -> None:
    """Import a codebook (.yaml, .qdc or the codes of a .qdpx) as a new version if it changed."""
    from voice.audit import record
    from voice.coding.exchange import import_codebook_file
    from voice.db import session_scope

    try:
        with session_scope(current_app) as session:  # the version and its audit row, or neither
            version, created = import_codebook_file(session, path, None, key)
            if created:
                record(session, "codebook.import", object_type="codebook_version",
                       object_id=version.id, detail={"version": version.version,
                                                     "file_format": path.suffix.lstrip(".").lower()})
            number, book_key = version.version, version.definition["key"]
    except (InvalidCodebook, InvalidRefi, CodingError) as error:
        _fail(error)
    if created:
        click.echo(f"Imported {book_key} as version {number}.")
    else:
        click.echo(f"{book_key} is unchanged (still version {number}).")


@codebook_cli.command("export")
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["yaml", "qdc"]), default="yaml", show_default=True)
@click.option("--out", type=OUT, help="File to write (default: standard output).")
@with_appcontext
def export_command(key: str, fmt: str, out: Path | None) -> None:
    """Export a codebook's newest version as YAML or REFI-QDA .qdc (validated by its XSD)."""
    from voice.coding.versions import book_of, latest_version
    from voice.db import session_scope

    with session_scope(current_app) as session:
        version = latest_version(session, key)
        if version is None:
            click.echo(f"Error: there is no codebook {key!r}; import it first.", err=True)
            sys.exit(1)
        book = book_of(version)
    data = dump_codebook(book).encode("utf-8") if fmt == "yaml" else export_qdc(book)
    if out is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    out.write_bytes(data)
    click.echo(f"Wrote {key} version {book.version} to {out} ({fmt}).")


@click.group("project")
def project_cli() -> None:
    """Exchange coded projects with other tools."""


@project_cli.command("export")
@click.option("--codebook", "key", required=True, help="The codebook whose coding to export.")
@click.option("--format", "fmt", type=click.Choice(["qdpx"]), default="qdpx", show_default=True)
@click.option("--out", type=OUT, required=True, help="The .qdpx file to write.")
@click.option("--la", "la_codes", multiple=True, metavar="OLD_LA_CODE",
              help="Only this local authority's documents (repeat for several; default: all).")
@with_appcontext
def project_export_command(key: str, fmt: str, out: Path, la_codes: tuple[str, ...]) -> None:
    """Export redacted documents, codes and coded excerpts as a REFI-QDA project (.qdpx)."""
    from sqlmodel import select

    from voice.audit import record
    from voice.coding.exchange import export_project
    from voice.db import session_scope
    from voice.models import LocalAuthority

    with session_scope(current_app) as session:
        la_ids = None
        if la_codes:
            la_ids = set(session.exec(select(LocalAuthority.id)
                                      .where(LocalAuthority.old_la_code.in_(la_codes))).all())
        try:
            project = export_project(session, key, out, la_ids)
        except (InvalidRefi, CodingError) as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(1)
        selections = sum(len(source.selections) for source in project.sources)
        record(session, "project.export", object_type="codebook", object_id=key,
               detail={"sources": len(project.sources), "selections": selections,
                       "file_format": fmt})
    click.echo(f"Wrote {out}: {len(project.sources)} documents, {selections} coded excerpts.")
