"""Offsets between the browser and the database.

A browser's Selection and Range count UTF-16 code units; Python's str (and every excerpt
stored here, and REFI-QDA) counts code points. They differ after any character outside the
Basic Multilingual Plane, such as most emoji (one code point, two code units). Accents and
CRLF count the same in both: "é" written as e + combining accent is two of each, CRLF is two.
"""

from coding.refi import splits_character
from voice.coding.errors import CodingError


def utf16_to_codepoint(text: str, offset: int) -> int:
    """The code-point offset of UTF-16 offset `offset` in `text`; CodingError inside a pair."""
    if offset < 0:
        raise CodingError(f"An offset cannot be negative ({offset}).", "start")
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
        if units > offset:
            raise CodingError(f"Offset {offset} falls inside the character {char!r}; "
                              "select whole characters.", "start")
    if units == offset:
        return len(text)
    raise CodingError(f"Offset {offset} is past the end of the text ({units} UTF-16 units).",
                      "end")


def codepoint_to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset of code-point offset `offset` in `text`."""
    return offset + sum(1 for char in text[:offset] if ord(char) > 0xFFFF)


def check_span(text: str, start: int, end: int) -> None:
    """CodingError unless [start, end) is a non-empty span inside `text` on character bounds."""
    if not 0 <= start < end <= len(text):
        raise CodingError(f"The excerpt {start}–{end} is outside the text, which has {len(text)} "
                          "characters; select some text and try again.", "start")
    for offset in (start, end):
        if splits_character(text, offset):
            raise CodingError(f"Offset {offset} splits a character (for example an emoji or an "
                              "accent from its letter); select whole characters.", "start")
    if not text[start:end].strip():
        raise CodingError("The excerpt is only spaces; select some words.", "start")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-blank line, for coding without JavaScript and model suggestions."""
    spans, position = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            first = position + body.index(stripped[0])
            spans.append((first, first + len(stripped)))
        position += len(line)
    return spans
