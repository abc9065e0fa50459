"""Which text encoding a file uses (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252),
and a byte-counting stream so progress can be shown without knowing the number of rows."""

import codecs
import io
from pathlib import Path
from typing import BinaryIO

from voice.documents.errors import ImportRefused

BLOCK = 1 << 20  # read 1 MB at a time: the whole file is never in memory
SAVE_AS_UTF8 = "Save it as 'CSV UTF-8' (or UTF-8 text) and import it again."


def _decodes_cleanly(path: Path, encoding: str) -> bool:
    """True if the whole file decodes in `encoding` and holds no NUL byte (a binary file)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    with path.open("rb") as stream:
        while block := stream.read(BLOCK):
            if b"\x00" in block:
                return False
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """The codec to read `path` with, or ImportRefused saying how to save the file instead.

    A byte-order mark decides at once. Without one, UTF-8 is tried over the whole file
    (one streaming pass, so a bad byte near the end refuses the file up front rather than
    half-way through an import), then Windows-1252, the encoding of Excel's plain 'CSV'.
    """
    with path.open("rb") as stream:
        head = stream.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes_cleanly(path, "utf-8"):
        return "utf-8"
    if _decodes_cleanly(path, "cp1252"):
        return "cp1252"
    raise ImportRefused("This file is not text in UTF-8, UTF-16 or Windows-1252, or it is not a "
                        f"text file at all. {SAVE_AS_UTF8}")


class CountingReader(io.RawIOBase):
    """A raw stream that counts the bytes read through it, for progress through a text file."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        """Always readable."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Read into `buffer`, counting the bytes."""
        read = self.raw.readinto(buffer) or 0
        self.count += read
        return read

    def close(self) -> None:
        """Close the underlying file too."""
        self.raw.close()
        super().close()


def open_text(path: Path, newline: str | None = None) -> tuple[io.TextIOWrapper, CountingReader]:
    """Open `path` as text in its detected encoding; the counter tells how far reading has got."""
    encoding = detect_encoding(path)
    counter = CountingReader(path.open("rb"))
    text = io.TextIOWrapper(io.BufferedReader(counter, BLOCK), encoding=encoding, newline=newline)
    return text, counter
