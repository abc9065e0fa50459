"""Helpers for the document tests: files in each format, a valid NHS number, a quick import.

Imports here redact with patterns and the case's names only (REDACT_WITH_NER False), so
the suite does not load spaCy; test_redaction_with_ner covers the full pipeline once.
"""

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from coding.identifiers import nhs_check_digit
from tests.helpers import OWN_LA, la_id
from voice.documents import ColumnMapping, ImportOptions, run_import

HEADER = ["text", "date", "author_role", "respondent_id", "area", "child_name"]


def nhs_number(serial: int) -> str:
    """A valid, issuable NHS number (prefix 4xx) made from `serial`."""
    while True:
        first_nine = f"{400_000_000 + serial:09d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
        serial += 1


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER,
              encoding: str = "utf-8") -> Path:
    """Write a CSV file with a header row."""
    with path.open("w", newline="", encoding=encoding) as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write one JSON object a line."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def note_rows(count: int, start: int = 0) -> list[list[Any]]:
    """`count` distinct rows naming a child, with a valid NHS number each."""
    return [[f"Visit {i}: Tamsin Oakfield-Reyes said the flat feels settled.", "2024-03-0%d" % (1 + i % 9),
             "personal adviser", nhs_number(i), "North", "Tamsin Oakfield-Reyes"]
            for i in range(start, start + count)]


@pytest.fixture
def quick_app(app):
    """The app, redacting without spaCy NER (fast)."""
    app.config["REDACT_WITH_NER"] = False
    return app


def do_import(app, path: Path, kind: str = "case_note", la: str = OWN_LA, **options: Any):
    """Run an import of `path` into authority `la` and return its report."""
    from voice.db import session_scope

    with app.app_context():
        with session_scope(app) as session:
            authority = la_id(session, la)
        mapping = options.pop("mapping", ColumnMapping())
        return run_import(app, path, ImportOptions(kind=kind, la_id=authority, mapping=mapping, **options))
