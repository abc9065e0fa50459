"""Browser selections count UTF-16 units, excerpts count code points: emoji, accents and CRLF."""

import pytest

from voice.coding.errors import CodingError
from voice.coding.offsets import (check_span, codepoint_to_utf16, paragraph_spans,
                                  utf16_to_codepoint)

TEXT = "Sam 😀 said\r\nthe café (cafe\u0301) is 👍🏽 safe."


def utf16_index(text: str, substring: str) -> int:
    """Where a browser would say `substring` starts (UTF-16 units), as JavaScript's indexOf."""
    encoded = text.encode("utf-16-le")
    return encoded.index(substring.encode("utf-16-le")) // 2


@pytest.mark.parametrize("word", ["said", "the", "café", "cafe\u0301", "safe", "😀", "👍🏽"])
def test_a_browser_selection_maps_to_the_same_characters(word):
    start16 = utf16_index(TEXT, word)
    end16 = start16 + len(word.encode("utf-16-le")) // 2
    start, end = utf16_to_codepoint(TEXT, start16), utf16_to_codepoint(TEXT, end16)
    assert TEXT[start:end] == word
    assert codepoint_to_utf16(TEXT, start) == start16
    assert codepoint_to_utf16(TEXT, end) == end16


def test_an_offset_inside_a_surrogate_pair_is_refused():
    inside = utf16_index(TEXT, "😀") + 1
    with pytest.raises(CodingError, match="inside the character"):
        utf16_to_codepoint(TEXT, inside)


def test_offsets_past_the_end_or_negative_are_refused():
    with pytest.raises(CodingError, match="past the end"):
        utf16_to_codepoint(TEXT, len(TEXT.encode("utf-16-le")) // 2 + 1)
    with pytest.raises(CodingError, match="negative"):
        utf16_to_codepoint(TEXT, -1)


@pytest.mark.parametrize("start,end,message", [
    (5, 3, "outside the text"), (0, 999, "outside the text"),
    (TEXT.index("\r") + 1, TEXT.index("the"), "splits a character"),   # between CR and LF
    (TEXT.index("e\u0301") + 1, TEXT.index(")"), "splits a character"),  # before the accent
    (TEXT.index("👍") + 1, TEXT.index(" safe"), "splits a character"),  # before the skin tone
    (3, 4, "only spaces"),
])
def test_bad_spans_are_refused_with_a_reason(start, end, message):
    with pytest.raises(CodingError, match=message):
        check_span(TEXT, start, end)


def test_paragraphs_are_found_on_crlf_and_lf_lines():
    text = "First line.\r\n\r\n  Second 😀 line.\nThird"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["First line.", "Second 😀 line.", "Third"]
