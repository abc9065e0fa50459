"""Word (.docx) files: one document, or one per paragraph matching a heading pattern."""

import re
from collections.abc import Iterator
from pathlib import Path

from voice.documents.errors import ImportRefused
from voice.documents.sources import Sections, Source, SourceRow, is_zip

NOT_A_DOCX = ("This file cannot be read as a Word document (.docx). Open it in Word and save it "
              "as 'Word Document (.docx)' or plain text, then import it again.")


class DocxSource(Source):
    """The paragraphs of a .docx, gathered into sections; progress counts paragraphs."""

    columns = ["text"]

    def __init__(self, path: Path, heading: re.Pattern[str] | None, max_chars: int) -> None:
        import docx  # python-docx, imported here: only DOCX imports pay for it

        if not is_zip(path):
            raise ImportRefused(NOT_A_DOCX)
        try:
            self.paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
        except Exception:  # python-docx raises many kinds for a broken or foreign archive
            raise ImportRefused(NOT_A_DOCX) from None
        self.size, self.done = len(self.paragraphs), 0
        self.sections = Sections(heading, max_chars)

    def position(self) -> int:
        """Paragraphs read so far."""
        return self.done

    def rows(self) -> Iterator[SourceRow]:
        """Each section (numbered from 1) as a row with a `text` field."""
        for paragraph in self.paragraphs:
            self.done += 1
            if self.sections.starts_new(paragraph) and (row := self.sections.flush()):
                yield row
            self.sections.add(paragraph)
        if row := self.sections.flush():
            yield row
