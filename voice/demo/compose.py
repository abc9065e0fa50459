"""Render phrase templates into text while recording exactly where personal details land.

Templates use `[a|b|c]` for a random choice of wording and `{slot}` for a value. A slot whose
value is a `Pii` records a labelled span; `{Slot}` (capitalised) inserts the value of `slot`
with its first letter upper-cased, for the start of a sentence.
"""

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

PII_LABELS = ("PERSON", "NHS_NUMBER", "NI_NUMBER", "POSTCODE", "PHONE", "EMAIL",
              "DATE_OF_BIRTH", "ADDRESS")
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


class Span(NamedTuple):
    """A labelled personal detail: text[start:end] is exactly the value inserted."""

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Pii:
    """A slot value that is a personal detail, with its label."""

    label: str
    value: str


Slot = str | Pii


@dataclass(frozen=True)
class Fragment:
    """Rendered text and the personal-detail spans inside it."""

    text: str
    spans: tuple[Span, ...] = ()

    @property
    def words(self) -> int:
        """Number of whitespace-separated words."""
        return len(self.text.split())


def choose_wording(rng: random.Random, template: str) -> str:
    """Resolve every `[a|b|c]` group to one option (options may be empty)."""
    return _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)


def can_render(template: str, slots: Mapping[str, Slot]) -> bool:
    """True if every slot the template names has a value (capitalised names included)."""
    return all(n in slots or n[0].lower() + n[1:] in slots for n in _SLOT.findall(template))


def _lookup(slots: Mapping[str, Slot], name: str) -> Slot:
    """A slot's value; a capitalised name capitalises the lower-case slot's value."""
    if name in slots:
        return slots[name]
    value = slots[name[0].lower() + name[1:]]
    if isinstance(value, Pii):
        return value
    return value[:1].upper() + value[1:]


def render(rng: random.Random, template: str, slots: Mapping[str, Slot]) -> Fragment:
    """Fill a template, recording a span for every Pii value; a missing slot raises KeyError."""
    # Tidy before filling, so that spans measured below never shift afterwards.
    text = _tidy(choose_wording(rng, template))
    parts: list[str] = []
    spans: list[Span] = []
    position, cursor = 0, 0
    for match in _SLOT.finditer(text):
        literal = text[cursor:match.start()]
        parts.append(literal)
        position += len(literal)
        value = _lookup(slots, match.group(1))
        raw = value.value if isinstance(value, Pii) else value
        if isinstance(value, Pii):
            spans.append(Span(value.label, position, position + len(raw)))
        parts.append(raw)
        position += len(raw)
        cursor = match.end()
    parts.append(text[cursor:])
    return Fragment("".join(parts), tuple(spans))


def _tidy(text: str) -> str:
    """Collapse doubled spaces and stray spaces before punctuation left by empty choices."""
    return re.sub(r" {2,}", " ", text).replace(" .", ".").replace(" ,", ",")


def join(fragments: Iterable[Fragment], sep: str = " ") -> Fragment:
    """Concatenate fragments with a separator, shifting each fragment's spans."""
    parts: list[str] = []
    spans: list[Span] = []
    position = 0
    for index, fragment in enumerate(fragments):
        if index:
            parts.append(sep)
            position += len(sep)
        parts.append(fragment.text)
        spans.extend(Span(s.label, s.start + position, s.end + position) for s in fragment.spans)
        position += len(fragment.text)
    return Fragment("".join(parts), tuple(spans))
