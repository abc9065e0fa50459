"""Recall and precision of a redactor on labelled texts, per label.

A labelled text is written with marks: "Met [[Jade|PERSON]] at [[12 Mill Lane|ADDRESS]]".
An expected span counts as found when spans of its label cover every character of it (nothing
leaks); a found span counts as right when it overlaps an expected span of its label.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from coding.redact.spans import Redaction, Span

MARK = re.compile(r"\[\[(?P<text>.+?)\|(?P<label>[A-Z_]+)\]\]")


@dataclass(frozen=True)
class LabelledCase:
    """A text, the spans a redactor should find in it, and the names the case file holds."""

    text: str
    spans: tuple[Span, ...]
    known_names: tuple[str, ...] = ()


class BatchRedactor(Protocol):
    """Anything with a redact_many like Redactor's (ours, or a wrapper around another tool)."""

    def redact_many(self, texts: Iterable[str], *,
                    known_names: Iterable[Sequence[str]] | None = None) -> list[Redaction]:
        """One Redaction per text, in order."""


def parse_marked(marked: str, known_names: Sequence[str] = ()) -> LabelledCase:
    """A LabelledCase from a text with [[words|LABEL]] marks."""
    pieces, spans, cursor, length = [], [], 0, 0
    for match in MARK.finditer(marked):
        before = marked[cursor:match.start()]
        pieces.append(before)
        length += len(before)
        spans.append(Span(match.group("label"), length, length + len(match.group("text"))))
        pieces.append(match.group("text"))
        length += len(match.group("text"))
        cursor = match.end()
    pieces.append(marked[cursor:])
    return LabelledCase("".join(pieces), tuple(spans), tuple(known_names))


def _covered(expected: Span, found: Sequence[Span]) -> bool:
    """True when found spans of the same label cover every character of the expected span."""
    chars = set(range(expected.start, expected.end))
    for span in found:
        if span.label == expected.label:
            chars -= set(range(span.start, span.end))
    return not chars


def _overlaps_any(span: Span, expected: Sequence[Span]) -> bool:
    return any(e.label == span.label and e.start < span.end and span.start < e.end
               for e in expected)


def score_counts(cases: Sequence[LabelledCase], results: Sequence[Redaction]) -> dict[str, Counter]:
    """Per label: expected, found (of expected), predicted and right (of predicted)."""
    counts: dict[str, Counter] = {}
    for case, result in zip(cases, results, strict=True):
        for span in case.spans:
            count = counts.setdefault(span.label, Counter())
            count["expected"] += 1
            count["found"] += _covered(span, result.spans)
        for span in result.spans:
            count = counts.setdefault(span.label, Counter())
            count["predicted"] += 1
            count["right"] += _overlaps_any(span, case.spans)
    return counts


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def evaluate(cases: Iterable[LabelledCase], redactor: BatchRedactor) -> dict[str, tuple[float, float]]:
    """(recall, precision) per label, and over all labels under "ALL"."""
    cases = list(cases)
    results = redactor.redact_many([c.text for c in cases],
                                   known_names=[c.known_names for c in cases])
    counts = score_counts(cases, results)
    counts["ALL"] = sum(counts.values(), Counter())
    return {label: (_ratio(c["found"], c["expected"]), _ratio(c["right"], c["predicted"]))
            for label, c in sorted(counts.items())}
