"""Where spaCy's Matcher needs to look: small windows around the words a pattern must contain.

The Matcher steps through every token of what it is given and costs about as much as the
tokenizer itself; the PhraseMatcher does not. A token pattern can only match where one of its
required words is, and no further away than the pattern is long, so the anchor words ride in the
PhraseMatcher (found for almost nothing) and the Matcher runs on windows around them only. A
pattern with no listed required word, or of unbounded length, sends the whole text to the
Matcher (correct, just slower).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coding.suggest.inflect import required_words

_BOUNDED = re.compile(r"^\{(\d*),?(\d*)\}$")


def pattern_reach(pattern: list[dict[str, Any]]) -> int | None:
    """The most tokens a match of the pattern can span, or None when it is unbounded."""
    reach = 0
    for token in pattern:
        op = token.get("OP")
        if op in (None, "!", "?", "1"):
            reach += 1
            continue
        bounded = _BOUNDED.match(str(op))
        if op in ("*", "+") or not bounded or (not bounded.group(2) and "," in str(op)):
            return None
        reach += int(bounded.group(2) or bounded.group(1) or 0)
    return reach


@dataclass(frozen=True)
class MatcherGate:
    """The anchor-word hashes and the reach of a codebook's token patterns."""

    anchors: frozenset[str] | None  # lower-case words; None sends whole texts to the Matcher
    reach: int

    @classmethod
    def build(cls, patterns: list[list[dict[str, Any]]]) -> MatcherGate:
        """The gate for these patterns: each pattern's first required word list, its reach."""
        anchors: set[str] = set()
        reach = 0
        for pattern in patterns:
            required, length = required_words(pattern), pattern_reach(pattern)
            if not required or length is None:
                return cls(None, 0)
            anchors |= required[0]
            reach = max(reach, length)
        return cls(frozenset(anchors), reach)

    def windows(self, positions: list[int], n_tokens: int) -> list[tuple[int, int]]:
        """Token ranges the Matcher must see, given where anchor words are; merged, in order."""
        if self.anchors is None:
            return [(0, n_tokens)]
        windows: list[tuple[int, int]] = []
        for position in sorted(positions):
            start, end = max(0, position - self.reach + 1), min(n_tokens, position + self.reach)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows
