"""The codebook's shapes: a tree of codes with stable GUIDs, as plain dataclasses."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Fixed for ever: GUIDs derived from it must not change between releases.
GUID_NAMESPACE = uuid.UUID("5a2c25b0-2555-4406-8b09-4af00561ae66")
DEFAULT_COLOUR = "#1d70b8"
# The Children's Information Project's framework for effective information use.
DIMENSIONS = {
    1: "Integrating voice",
    2: "Understanding needs",
    3: "Best use of available information",
    4: "Appropriate action and learning",
    5: "Infrastructure and governance",
}
_GUID = re.compile(r"^(\{[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}"
                   r"|[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$")


def stable_guid(*parts: str) -> str:
    """A GUID that is the same every time for the same parts (uuid5 under our namespace)."""
    return str(uuid.uuid5(GUID_NAMESPACE, "/".join(parts)))


def code_guid(codebook_key: str, code_key: str) -> str:
    """The GUID a code gets when its file gives none: derived from the codebook and code keys."""
    return stable_guid("codebook", codebook_key, "code", code_key)


def is_guid(value: str) -> bool:
    """True for a GUID written with or without braces, in any case."""
    return bool(_GUID.match(value.strip()))


def normalise_guid(value: str) -> str:
    """A GUID in lower case without braces; ValueError if it is not a GUID."""
    if not isinstance(value, str) or not is_guid(value):
        raise ValueError(f"{value!r} is not a GUID such as 3f2b8c1e-0d4a-4b7e-9c61-2a5d0e8f7b13.")
    return value.strip().strip("{}").lower()


@dataclass
class Rules:
    """How rule suggestions find a code: phrases and lemmas (lower case), spaCy Matcher patterns."""

    phrases: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    patterns: list[list[dict[str, Any]]] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when the code has no rules at all."""
        return not (self.phrases or self.lemmas or self.patterns)


@dataclass
class Code:
    """One code: a stable key and GUID, its guidance for coders, and its children."""

    key: str
    label: str
    guid: str = ""
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    examples: list[str] = field(default_factory=list)
    colour: str = DEFAULT_COLOUR
    dimensions: list[int] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)
    codable: bool = True  # False for a heading that only groups its children
    parent: str | None = None
    children: list[Code] = field(default_factory=list)

    def iter_codes(self) -> Iterator[Code]:
        """This code, then its descendants, depth first."""
        yield self
        for child in self.children:
            yield from child.iter_codes()


@dataclass
class Codebook:
    """A versioned codebook: a key, a title and a tree of codes (GUIDs and parents filled in)."""

    key: str
    title: str
    version: int = 1
    description: str = ""
    codes: list[Code] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.settle()

    @property
    def id(self) -> str:
        """The codebook's stable key (its identity across versions)."""
        return self.key

    def settle(self) -> None:
        """Give every code a normalised GUID and its parent's key; call after editing the tree."""
        def visit(code: Code, parent: str | None) -> None:
            code.guid = normalise_guid(code.guid) if code.guid else code_guid(self.key, code.key)
            code.colour = code.colour.lower()
            code.parent = parent
            for child in code.children:
                visit(child, code.key)
        for root in self.codes:
            visit(root, None)

    def iter_codes(self) -> Iterator[Code]:
        """Every code in the tree, depth first in file order."""
        for root in self.codes:
            yield from root.iter_codes()

    def by_key(self, key: str) -> Code:
        """The code with this key; KeyError if there is none."""
        for code in self.iter_codes():
            if code.key == key:
                return code
        raise KeyError(f"The codebook {self.key} has no code {key!r}.")

    def by_guid(self, guid: str) -> Code:
        """The code with this GUID (braces and case ignored); KeyError if there is none."""
        wanted = normalise_guid(guid) if is_guid(guid) else guid
        for code in self.iter_codes():
            if code.guid == wanted:
                return code
        raise KeyError(f"The codebook {self.key} has no code with GUID {guid!r}.")
