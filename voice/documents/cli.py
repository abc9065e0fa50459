"""`seen-heard notes import`: import case notes or Pathway Plans from a file, with a progress bar."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import or_, select

from voice.db import session_scope
from voice.documents.errors import ImportRefused
from voice.documents.importer import IMPORT_KINDS, ImportOptions, run_import
from voice.documents.mapping import ColumnMapping, combine, load_mapping_file, parse_column_flags
from voice.documents.report import ImportReport
from voice.models import LocalAuthority


def authority_id(code: str) -> int:
    """The id of the authority with this old (850) or new (E10000014) LA code, or a CLI error."""
    with session_scope() as session:
        found = session.exec(select(LocalAuthority.id).where(or_(
            LocalAuthority.old_la_code == code.strip(),
            LocalAuthority.new_la_code == code.strip().upper()))).first()
    if found is None:
        raise click.ClickException(f"There is no local authority with the code {code!r}. Use the "
                                   "DfE old LA code (for example 850) or the new code (E10000014).")
    return found


def mapping_from(map_file: Path | None, columns: tuple[str, ...]) -> ColumnMapping:
    """The mapping file (if any) overridden by --column flags."""
    from_file = load_mapping_file(map_file) if map_file else ColumnMapping()
    return combine(from_file, parse_column_flags(columns))


@click.group("notes")
def notes_cli() -> None:
    """Import case notes and Pathway Plans."""


@notes_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice(IMPORT_KINDS), required=True, help="What the documents are.")
@click.option("--la", "la_code", required=True, help="The local authority's code (850 or E10000014).")
@click.option("--map", "map_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A YAML file: columns: {text: Note, date: Date}, names: [Child name].")
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
              help="The file's column for a field (text, date, author_role, respondent_id, area, "
                   "names); repeat for several.")
@click.option("--split-heading", help="DOCX/TXT: start a new document at each line matching this "
                                      "regular expression.")
@with_appcontext
def import_command(path: Path, kind: str, la_code: str, map_file: Path | None,
                   columns: tuple[str, ...], split_heading: str | None) -> None:
    """Import a CSV, XLSX, JSON Lines, DOCX or TXT file; re-running resumes without duplicates."""
    try:
        options = ImportOptions(kind=kind, la_id=authority_id(la_code),
                                mapping=mapping_from(map_file, columns), split_heading=split_heading)
        report = import_with_bar(path, options)
    except ImportRefused as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Import {report.batch_id} of {path.name} finished.")
    for line in report.lines():
        click.echo(line)


def import_with_bar(path: Path, options: ImportOptions) -> ImportReport:
    """Run the import under a click progress bar over the file's size."""
    with click.progressbar(length=max(path.stat().st_size, 1), label="Importing",
                           show_pos=False, file=click.get_text_stream("stderr")) as bar:
        state = {"last": 0}

        def advance(position: int, size: int, report: ImportReport) -> None:
            share = int(bar.length * position / size) if size else 0
            bar.update(max(share - state["last"], 0))
            state["last"] = max(share, state["last"])

        report = run_import(current_app._get_current_object(), path, options, on_progress=advance)
        bar.update(bar.length - state["last"])
    return report
