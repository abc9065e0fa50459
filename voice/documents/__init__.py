"""Case notes and Pathway Plans: import files at scale, keep raw text encrypted, show it redacted.

`run_import(app, path, ImportOptions(kind=..., la_id=...))` streams a CSV, XLSX, JSON Lines,
DOCX or TXT file into Document rows (see importer.py for how an interrupted import resumes);
`rotate_keys(app)` re-encrypts every raw text under the first DATA_KEY key.
"""

from voice.documents.errors import ImportRefused, RowRejected
from voice.documents.importer import CHUNK_SIZE, MAX_TEXT_CHARS, ImportOptions, run_import
from voice.documents.mapping import ColumnMapping, combine, load_mapping_file, parse_column_flags
from voice.documents.report import ImportReport, report_of

__all__ = ["CHUNK_SIZE", "MAX_TEXT_CHARS", "ColumnMapping", "ImportOptions", "ImportRefused",
           "ImportReport", "RowRejected", "combine", "load_mapping_file", "parse_column_flags",
           "report_of", "run_import"]
