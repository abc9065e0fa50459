"""XLSX (Excel) files, streamed row by row with openpyxl's read-only mode."""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from voice.documents.errors import ImportRefused
from voice.documents.sources import Source, SourceRow, is_zip

NOT_A_WORKBOOK = ("This file cannot be read as an Excel workbook (.xlsx). Open it in Excel and "
                  "save it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8', then import it again.")


def cell_text(value: Any) -> Any:
    """A cell as the importer wants it: dates stay dates, numbers become text, blanks ''."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date)):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class XlsxSource(Source):
    """The first worksheet; its first row names the columns. Row numbers are Excel's."""

    def __init__(self, path: Path) -> None:
        import openpyxl  # imported here: only XLSX imports pay for it

        if not is_zip(path):
            raise ImportRefused(NOT_A_WORKBOOK)
        try:
            self.book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a broken or foreign archive
            raise ImportRefused(NOT_A_WORKBOOK) from None
        sheet = self.book.worksheets[0]
        self.size = sheet.max_row or 0
        self.iterator = sheet.iter_rows(values_only=True)
        header = next(self.iterator, None)
        if not header or not any(cell not in (None, "") for cell in header):
            self.close()
            raise ImportRefused("The first worksheet is empty: its first row must name the columns.")
        self.columns = [str(cell).strip() if cell is not None else "" for cell in header]
        self.done = 1

    def position(self) -> int:
        """Rows read so far."""
        return self.done

    def rows(self) -> Iterator[SourceRow]:
        """Each non-blank row after the header."""
        for cells in self.iterator:
            self.done += 1
            if any(cell not in (None, "") for cell in cells):
                values = [cell_text(cell) for cell in cells]
                yield SourceRow(self.done, dict(zip(self.columns, values)))

    def close(self) -> None:
        """Close the workbook (read-only workbooks keep the file open)."""
        self.book.close()
