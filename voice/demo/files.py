"""Demo import files: case notes and Pathway Plans as CSV, XLSX and DOCX, for the walkthrough.

    .venv/bin/python -m voice.demo.files [DIRECTORY]     (default: instance/demo-files)

`seen-heard demo` writes them into instance/demo-files/ too. They hold made-up people of
Oldham (authority 353, the demo practitioner's), generated from a seed of their own so they
are not the documents already in the demo database: importing them adds new documents, and
importing one again adds none. Each file's contents are the same on every run.

CSV and XLSX have one document a row, with the columns the importer reads by default (text,
date, author_role, respondent_id = NHS number, area) and the names of the child, carer and
worker, which are redacted wherever they appear and never stored. A DOCX has no columns: each
document starts at a heading paragraph ("Case note record, 3 May 2025"), so it
is imported with `--split-heading` (or the upload page's heading field), and its names are
found by the redactor alone.
"""

import csv
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from voice.demo.notes import DemoDocument, generate_documents
from voice.demo.people import DemoPerson, generate_people

SEED = 20_251_125  # not the demo database's seed: these documents are new to it
LA_CODE = "353"
PER_FILE = 12
COLUMNS = ["text", "date", "author_role", "respondent_id", "area", "child_name", "carer_name",
           "worker_name"]
HEADINGS = {"case_note": "Case note record", "pathway_plan": "Pathway Plan record"}
# Fixed document properties, so the same files come out byte for byte where the format allows.
FIXED_TIME = datetime(2025, 11, 1, 9, 0, 0)
FILE_STEMS = {"case_note": "demo-case-notes", "pathway_plan": "demo-pathway-plans"}


def demo_documents() -> dict[str, list[tuple[DemoDocument, DemoPerson]]]:
    """Three files' worth of case notes and of Pathway Plans for the authority's people."""
    people = [p for p in generate_people(SEED, 800) if p.old_la_code == LA_CODE]
    wanted = {kind: [] for kind in HEADINGS}
    by_index = {person.index: person for person in people}
    for doc in generate_documents(SEED, people):
        person = by_index[doc.person_index]
        if len(wanted[doc.kind]) < 3 * PER_FILE:
            wanted[doc.kind].append((doc, person))
    for kind, found in wanted.items():
        if len(found) < 3 * PER_FILE:
            raise RuntimeError(f"The demo generator gave only {len(found)} {kind} documents for {LA_CODE}.")
    return wanted


def row_of(doc: DemoDocument, person: DemoPerson) -> list[str]:
    """One spreadsheet row for a document."""
    return [doc.text, doc.occurred_on.isoformat(), doc.author_role.replace("_", " "), person.nhs_number,
            person.area_code, person.full_name, person.carer_name, doc.author_name]


def write_csv(path: Path, items: Iterable[tuple[DemoDocument, DemoPerson]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        writer.writerows(row_of(doc, person) for doc, person in items)


def write_xlsx(path: Path, items: Iterable[tuple[DemoDocument, DemoPerson]]) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Documents"
    sheet.append(COLUMNS)
    for doc, person in items:
        sheet.append(row_of(doc, person))  # all text: an NHS number must not become a number
    book.properties.created = book.properties.modified = FIXED_TIME
    book.save(path)


def write_docx(path: Path, kind: str, items: Iterable[tuple[DemoDocument, DemoPerson]]) -> None:
    import docx

    document = docx.Document()
    for doc, _person in items:
        document.add_heading(f"{HEADINGS[kind]}, {doc.occurred_on:%-d %B %Y}", level=2)
        for paragraph in doc.text.split("\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph)
    document.core_properties.created = document.core_properties.modified = FIXED_TIME
    document.core_properties.author = "Seen & Heard demo"
    document.save(str(path))


def write_demo_files(directory: Path) -> list[Path]:
    """Write the six demo files (CSV, XLSX, DOCX for each kind) into `directory`; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, items in demo_documents().items():
        stem = FILE_STEMS[kind]
        parts = [items[i * PER_FILE:(i + 1) * PER_FILE] for i in range(3)]
        write_csv(csv_path := directory / f"{stem}.csv", parts[0])
        write_xlsx(xlsx_path := directory / f"{stem}.xlsx", parts[1])
        write_docx(docx_path := directory / f"{stem}.docx", kind, parts[2])
        written += [csv_path, xlsx_path, docx_path]
    return written


def main(argv: list[str]) -> None:
    directory = Path(argv[0]) if argv else Path("instance") / "demo-files"
    for path in write_demo_files(directory):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
