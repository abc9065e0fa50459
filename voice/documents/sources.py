"""Readers that stream an import file as numbered rows of named fields, one format each.

CSV, XLSX and JSON Lines are tables: one row a document, columns named by a header (the
first row, or the first object's keys). DOCX and TXT are one document each, or split
into several at every paragraph or line matching a heading pattern. No reader holds the
whole file in memory except DOCX, which python-docx must parse whole (and DOCX files are
written by hand, so they are small).
"""

import csv
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voice.documents.encodings import open_text
from voice.documents.errors import ImportRefused

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".docx": "docx", ".txt": "txt"}
# csv's own limit is 128 KB a cell; a bigger cell is read, then rejected as too long by the
# importer with its row number, rather than stopping the whole file.
csv.field_size_limit(2**31 - 1)


@dataclass
class SourceRow:
    """One document-to-be: where it is in the file (as people count) and its named fields."""

    number: int
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # the row could not be read (bad JSON, say)
    oversized: bool = False   # the text was longer than the limit and was not kept whole


class Source:
    """A file being read: its column names, and how far through it reading has got."""

    columns: list[str]
    size: int = 0

    def position(self) -> int:
        """How far reading has got, in the same unit as `size`."""
        return 0

    def rows(self) -> Iterator[SourceRow]:
        """The rows, in order."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the file."""


def format_of(path: Path) -> str:
    """The format named by the file's extension, or ImportRefused listing the ones we read."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ImportRefused("Import a .csv, .xlsx, .jsonl, .docx or .txt file; "
                            f"files ending {path.suffix or '(no extension)'!r} cannot be read.")
    return fmt


def compile_heading(pattern: str | None) -> re.Pattern[str] | None:
    """The heading pattern compiled, or ImportRefused saying it is not a valid pattern."""
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as error:
        raise ImportRefused(f"The heading pattern is not a valid regular expression ({error}).") from None


def open_source(path: Path, split_heading: str | None = None, max_chars: int = 1_000_000) -> Source:
    """Open `path` with the reader its extension names."""
    fmt = format_of(path)
    if not path.is_file():
        raise ImportRefused(f"There is no file at {path.name}; check the path.")
    if fmt == "xlsx":
        from voice.documents.xlsx import XlsxSource
        return XlsxSource(path)
    if fmt == "docx":
        from voice.documents.docx_source import DocxSource
        return DocxSource(path, compile_heading(split_heading), max_chars)
    if fmt == "txt":
        return TextSource(path, compile_heading(split_heading), max_chars)
    return CsvSource(path) if fmt == "csv" else JsonLinesSource(path)


class CsvSource(Source):
    """A CSV file with a header row; row numbers are spreadsheet rows (the header is row 1)."""

    def __init__(self, path: Path) -> None:
        self.size = path.stat().st_size
        self.text, self.counter = open_text(path, newline="")
        self.reader = csv.reader(self.text)
        try:
            header = next(self.reader, None)
        except csv.Error as error:
            self.close()
            raise ImportRefused(f"This file cannot be read as CSV ({error}).") from None
        if not header or not any(cell.strip() for cell in header):
            self.close()
            raise ImportRefused("The file is empty: the first row must name the columns.")
        self.columns = [cell.strip() for cell in header]

    def position(self) -> int:
        """Bytes read so far."""
        return self.counter.count

    def rows(self) -> Iterator[SourceRow]:
        """Each non-blank row after the header as a dict keyed by column name."""
        number = 1
        try:
            for cells in self.reader:
                number += 1
                if any(cell.strip() for cell in cells):
                    yield SourceRow(number, dict(zip(self.columns, cells)))
        except csv.Error as error:
            raise ImportRefused(f"Row {number + 1} cannot be read as CSV ({error}); rows before "
                                "it were imported. Fix the row and import the file again.") from None

    def close(self) -> None:
        """Close the file."""
        self.text.close()


class JsonLinesSource(Source):
    """One JSON object a line; the first object's keys are the columns."""

    def __init__(self, path: Path) -> None:
        self.size = path.stat().st_size
        self.text, self.counter = open_text(path)
        self.lines = enumerate(self.text, start=1)
        self.first: tuple[int, str] | None = next(((n, line) for n, line in self.lines if line.strip()), None)
        if self.first is None:
            self.close()
            raise ImportRefused("The file is empty: it must hold one JSON object a line.")
        parsed = self._parse(*self.first)
        if parsed.error:
            self.close()
            raise ImportRefused(f"Line {self.first[0]}: {parsed.error}")
        self.columns = list(parsed.fields)

    @staticmethod
    def _parse(number: int, line: str) -> SourceRow:
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            return SourceRow(number, error="The line is not valid JSON.")
        if not isinstance(value, dict):
            return SourceRow(number, error="The line is not a JSON object ({...}).")
        return SourceRow(number, value)

    def position(self) -> int:
        """Bytes read so far."""
        return self.counter.count

    def rows(self) -> Iterator[SourceRow]:
        """Each non-blank line parsed (or carrying the reason it could not be)."""
        if self.first is not None:
            yield self._parse(*self.first)
        for number, line in self.lines:
            if line.strip():
                yield self._parse(number, line)

    def close(self) -> None:
        """Close the file."""
        self.text.close()


class Sections:
    """Gathers lines into sections split at headings, never keeping more than `max_chars`."""

    def __init__(self, heading: re.Pattern[str] | None, max_chars: int) -> None:
        self.heading, self.max_chars = heading, max_chars
        self.parts: list[str] = []
        self.length, self.number, self.oversized = 0, 0, False

    def starts_new(self, line: str) -> bool:
        """True if `line` is a heading that begins a new section."""
        return self.heading is not None and self.heading.search(line) is not None

    def add(self, line: str) -> None:
        """Add a line to the current section (dropping it once the section is too long)."""
        self.length += len(line) + 1
        if self.length > self.max_chars:
            self.oversized, self.parts = True, []
        else:
            self.parts.append(line)

    def flush(self) -> SourceRow | None:
        """The current section as a row (None when it is blank), and start the next one."""
        text = "\n".join(self.parts).strip()
        row = None
        if text or self.oversized:
            self.number += 1
            row = SourceRow(self.number, {"text": text}, oversized=self.oversized)
        self.parts, self.length, self.oversized = [], 0, False
        return row


class TextSource(Source):
    """A plain-text file: one document, or one per heading line matching the pattern."""

    columns = ["text"]

    def __init__(self, path: Path, heading: re.Pattern[str] | None, max_chars: int) -> None:
        self.size = path.stat().st_size
        self.text, self.counter = open_text(path)
        self.sections = Sections(heading, max_chars)

    def position(self) -> int:
        """Bytes read so far."""
        return self.counter.count

    def rows(self) -> Iterator[SourceRow]:
        """Each section (numbered from 1) as a row with a `text` field."""
        for line in self.text:
            line = line.rstrip("\r\n")
            if self.sections.starts_new(line) and (row := self.sections.flush()):
                yield row
            self.sections.add(line)
        if row := self.sections.flush():
            yield row

    def close(self) -> None:
        """Close the file."""
        self.text.close()


def is_zip(path: Path) -> bool:
    """True if the file is a zip archive (as XLSX and DOCX files are)."""
    return zipfile.is_zipfile(path)
