"""A REFI-QDA project as plain data: sources, coded selections, coders, cases and variables.

Positions count Unicode code points, exactly as Python indexes a str: an emoji such as 😀 is
one character, "é" written as e plus a combining accent is two, and CRLF is two (the text is
kept byte for byte, line endings included). Selections are half-open, [start, end). Programs
built on .NET or Java (NVivo among them) count UTF-16 code units instead, which differ only
for characters outside the Basic Multilingual Plane such as most emoji. Exports store each
text as sources/<guid>.txt (UTF-8, plainTextPath "internal://<guid>.txt") rather than inline
<PlainTextContent>, because an XML parser turns an inline CRLF into LF and would shift positions.
"""

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from coding.codebook import Codebook, is_guid
from coding.refi.common import InvalidRefi

# REFI-QDA's typeOfVariable and the Python type a value of it has.
VARIABLE_TYPES: dict[str, type] = {"Text": str, "Boolean": bool, "Integer": int, "Float": float,
                                   "Date": date, "DateTime": datetime}
# Marks that belong to the character before them: an offset just before one splits a character.
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f"}


@dataclass
class RefiUser:
    """A coder (or the project's creator), known to other tools by GUID and name."""

    guid: str
    name: str


@dataclass
class RefiSelection:
    """Characters [start, end) of a source coded with one code by one coder."""

    guid: str
    start: int
    end: int
    code_guid: str
    coder_guid: str | None = None


@dataclass
class RefiSource:
    """A plain text document (e.g. a redacted case note or a free-text answer) and its codings."""

    guid: str
    name: str
    text: str
    selections: list[RefiSelection] = field(default_factory=list)


@dataclass
class RefiVariable:
    """An attribute cases can have, such as a survey question; type is one of VARIABLE_TYPES."""

    guid: str
    name: str
    type: str = "Text"
    description: str = ""


@dataclass
class RefiCase:
    """A respondent: the sources that are theirs and their answers, by variable GUID."""

    guid: str
    name: str
    source_guids: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class RefiProject:
    """Everything a .qdpx carries that Seen & Heard exchanges."""

    name: str
    codebook: Codebook
    users: list[RefiUser] = field(default_factory=list)
    sources: list[RefiSource] = field(default_factory=list)
    cases: list[RefiCase] = field(default_factory=list)
    variables: list[RefiVariable] = field(default_factory=list)
    description: str = ""


def splits_character(text: str, offset: int) -> bool:
    """True if an offset falls inside one visible character: before a combining mark, a joiner,
    a variation selector or a skin tone, after a zero-width joiner, or between CR and LF."""
    if offset <= 0 or offset >= len(text):
        return False
    after, before = text[offset], text[offset - 1]
    return (unicodedata.category(after).startswith("M") or after in _JOINERS or before == "\u200d"
            or "\U0001f3fb" <= after <= "\U0001f3ff" or (before == "\r" and after == "\n"))


def check_project(project: RefiProject) -> None:
    """Raise InvalidRefi for anything a .qdpx cannot hold or another tool would misread."""
    _check_guids(project)
    code_guids = {code.guid for code in project.codebook.iter_codes()}
    user_guids = {user.guid for user in project.users}
    source_guids = {source.guid for source in project.sources}
    variables = {variable.guid: variable for variable in project.variables}
    for variable in project.variables:
        if variable.type not in VARIABLE_TYPES:
            raise InvalidRefi(f"Variable {variable.name!r} has type {variable.type!r}; use one of "
                              f"{', '.join(VARIABLE_TYPES)}.")
    for source in project.sources:
        for selection in source.selections:
            _check_selection(source, selection, code_guids, user_guids)
    for case in project.cases:
        _check_case(case, source_guids, variables)


def _check_guids(project: RefiProject) -> None:
    """Every GUID well formed and used once: other tools index everything by GUID."""
    named = [(code.guid, f"code {code.label!r}") for code in project.codebook.iter_codes()]
    named += [(user.guid, f"user {user.name!r}") for user in project.users]
    named += [(variable.guid, f"variable {variable.name!r}") for variable in project.variables]
    named += [(case.guid, f"case {case.name!r}") for case in project.cases]
    for source in project.sources:
        named.append((source.guid, f"source {source.name!r}"))
        named += [(chosen.guid, f"a selection in {source.name!r}") for chosen in source.selections]
    seen: dict[str, str] = {}
    for guid, what in named:
        if not is_guid(guid):
            raise InvalidRefi(f"The {what} has the GUID {guid!r}, which is not a GUID.")
        if guid in seen:
            raise InvalidRefi(f"The {what} has the same GUID as the {seen[guid]}; give each its own.")
        seen[guid] = what


def _check_selection(source: RefiSource, selection: RefiSelection, code_guids: set[str],
                     user_guids: set[str]) -> None:
    where = f"A selection in {source.name!r}"
    if not 0 <= selection.start <= selection.end <= len(source.text):
        raise InvalidRefi(f"{where} runs from {selection.start} to {selection.end}, outside the "
                          f"text's {len(source.text)} characters; select text inside it.")
    if splits_character(source.text, selection.start) or splits_character(source.text, selection.end):
        raise InvalidRefi(f"{where} starts or ends inside a character (an accent, emoji or line "
                          "break); move its edge to a whole character.")
    if selection.code_guid not in code_guids:
        raise InvalidRefi(f"{where} is coded with {selection.code_guid}, which is not a code in "
                          "the project's codebook.")
    if selection.coder_guid is not None and selection.coder_guid not in user_guids:
        raise InvalidRefi(f"{where} was coded by {selection.coder_guid}, who is not one of the "
                          "project's users; add them to users.")


def _check_case(case: RefiCase, source_guids: set[str], variables: dict[str, RefiVariable]) -> None:
    for guid in case.source_guids:
        if guid not in source_guids:
            raise InvalidRefi(f"Case {case.name!r} refers to source {guid}, which is not in "
                              "the project.")
    for guid, value in case.values.items():
        variable = variables.get(guid)
        if variable is None:
            raise InvalidRefi(f"Case {case.name!r} has a value for variable {guid}, which the "
                              "project does not define.")
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidRefi(f"Case {case.name!r} has {value!r} for {variable.name!r}; REFI-QDA "
                              "can only hold finite numbers.")
        # Exact types: a bool is not an Integer, nor a datetime a Date.
        if type(value) is not VARIABLE_TYPES[variable.type]:
            raise InvalidRefi(f"Case {case.name!r} has {value!r} for {variable.name!r}, which "
                              f"should be {variable.type}.")
