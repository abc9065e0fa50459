"""Spans of personal details, how overlapping finds are settled, and how tags replace them."""

from dataclasses import dataclass, field

LABELS = ("PERSON", "NHS_NUMBER", "NI_NUMBER", "POSTCODE", "PHONE", "EMAIL",
          "DATE_OF_BIRTH", "ADDRESS")

# Lower tier wins an overlap: a structured pattern is surer than a listed name, which is
# surer than a first-name guess or the statistical NER.
TIER_PATTERN, TIER_KNOWN, TIER_RULE, TIER_NER = 0, 1, 2, 3


@dataclass(frozen=True)
class Span:
    """One personal detail: its label and where it sits in the original text (end exclusive)."""

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A possible span with its source tier and, for people, who it refers to."""

    span: Span
    tier: int
    person: str | None = None


@dataclass(frozen=True)
class Redaction:
    """A redacted text, the spans taken out of the original, and the tag each one received."""

    text: str
    spans: tuple[Span, ...]
    tags: tuple[str, ...] = field(default=(), repr=False)


def merge_people(candidates: list[Candidate]) -> list[Candidate]:
    """Join overlapping name candidates into one span, so no part of a name is left showing.

    "Keith Barnes" (a rule) over "Barnes" (a listed surname) becomes one name; it keeps a
    listed person only when that listing covers the whole of it.
    """
    people = sorted((c for c in candidates if c.span.label == "PERSON"), key=lambda c: c.span.start)
    groups: list[list[Candidate]] = []
    for candidate in people:
        if groups and candidate.span.start < max(c.span.end for c in groups[-1]):
            groups[-1].append(candidate)
        else:
            groups.append([candidate])
    merged = [c for c in candidates if c.span.label != "PERSON"]
    for group in groups:
        start, end = group[0].span.start, max(c.span.end for c in group)
        whole = [c for c in group if (c.span.start, c.span.end) == (start, end)]
        best = min(whole or group, key=lambda c: c.tier)
        merged.append(Candidate(Span("PERSON", start, end), min(c.tier for c in group),
                                best.person if whole else None))
    return merged


def resolve_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates, preferring the surer tier, then the longer span."""
    ranked = sorted(merge_people(candidates), key=lambda c: (c.tier, c.span.start - c.span.end, c.span.start))
    taken: list[Candidate] = []
    for candidate in ranked:
        if not any(_overlaps(candidate.span, kept.span) for kept in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda c: c.span.start)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def number_people(chosen: list[Candidate]) -> list[str]:
    """A tag per span; people are numbered by first appearance so one person keeps one number."""
    numbers: dict[str, int] = {}
    tags = []
    for candidate in chosen:
        if candidate.span.label != "PERSON":
            tags.append(candidate.span.label)
            continue
        key = candidate.person or str(candidate.span.start)
        numbers.setdefault(key, len(numbers) + 1)
        tags.append(f"PERSON_{numbers[key]}")
    return tags


def render(text: str, chosen: list[Candidate]) -> Redaction:
    """Replace each chosen span (sorted, non-overlapping) with its tag in brackets."""
    tags = number_people(chosen)
    pieces, cursor = [], 0
    for candidate, tag in zip(chosen, tags):
        pieces.append(text[cursor:candidate.span.start])
        pieces.append(f"[{tag}]")
        cursor = candidate.span.end
    pieces.append(text[cursor:])
    return Redaction("".join(pieces), tuple(c.span for c in chosen), tuple(tags))
