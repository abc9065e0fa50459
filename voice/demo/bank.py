"""Phrase banks: templates tagged with themes, tone and the circumstances they need.

A template may start with markers: "(+) " or "(-) " says it describes a theme going well or
badly, and "(fact) " says it only fits people with that fact (see circumstances.FACTS), for
example "(care) " for a child in foster or kinship care or "(partner) " for a parent with a
partner. Markers are stripped before rendering.
"""

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from voice.demo.compose import Fragment, Slot, can_render, render

_MARKER = re.compile(r"\(([+-]|[a-z][a-z0-9_]*)\) ")


class Entry(NamedTuple):
    """A template, its themes, its tone (None if neutral) and the facts it requires."""

    themes: frozenset[str]
    positive: bool | None
    requires: frozenset[str]
    template: str


def parse(template: str, themes: Iterable[str] = ()) -> Entry:
    """Read the leading markers of a template into an Entry."""
    positive: bool | None = None
    requires: set[str] = set()
    while match := _MARKER.match(template):
        marker = match.group(1)
        if marker in "+-":
            positive = marker == "+"
        else:
            requires.add(marker)
        template = template[match.end():]
    return Entry(frozenset(themes), positive, frozenset(requires), template)


def entries(bank: Mapping[str, Iterable[str]]) -> list[Entry]:
    """Flatten a {"theme+theme": templates} bank into entries ("" means no theme)."""
    return [parse(t, set(key.split("+")) - {""}) for key, ts in bank.items() for t in ts]


@dataclass(frozen=True)
class Context:
    """What every template choice needs: the generator, slot values, outlook and facts."""

    rng: random.Random
    slots: Mapping[str, Slot]
    outlook: Mapping[str, bool]
    facts: frozenset[str]

    def fits(self, entry: Entry) -> bool:
        """True if the slots exist, the facts hold and the tone matches the outlook."""
        if not can_render(entry.template, self.slots) or not entry.requires <= self.facts:
            return False  # e.g. no phone number for an eight-year-old
        return entry.positive is None or all(
            self.outlook[t] == entry.positive for t in entry.themes if t in self.outlook)

    def render(self, entry: Entry) -> Fragment:
        """Fill the entry's template."""
        return render(self.rng, entry.template, self.slots)

    def fill(self, template: str) -> Fragment:
        """Fill a plain template that carries no markers."""
        return render(self.rng, template, self.slots)
