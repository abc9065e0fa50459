"""Check codebook data against codebooks/schema.json and the rules a schema cannot express."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from coding.codebook.errors import Problem
from coding.codebook.model import normalise_guid
from coding.codebook.yaml_source import Locate, PathSteps

CODEBOOK_DIR = Path(__file__).resolve().parents[2] / "codebooks"
SCHEMA_PATH = CODEBOOK_DIR / "schema.json"
_PATTERN_HELP = {
    "key": "use lower-case letters, digits and underscores for a code (e.g. home_condition) "
           "or hyphens for a codebook (e.g. care-leavers-home)",
    "parent": "write the key of another code, e.g. safety",
    "colour": "write a colour as # and six hexadecimal digits, e.g. #1d70b8",
    "guid": "write a GUID such as 3f2b8c1e-0d4a-4b7e-9c61-2a5d0e8f7b13, or leave it out",
    "label": "a label may not contain '::', which other tools read as a hierarchy",
    "lemmas": "a lemma is one word without spaces; put several words under phrases",
}
_TYPES = {"object": "a mapping (key: value lines)", "array": "a list (lines starting with -)",
          "string": "text", "integer": "a whole number", "boolean": "true or false"}


@cache
def codebook_schema() -> dict[str, Any]:
    """The JSON Schema every codebook file must match."""
    return json.loads(SCHEMA_PATH.read_text("utf-8"))


def schema_problems(data: Any, locate: Locate) -> list[Problem]:
    """Every place the data does not match the schema, each with its line."""
    found: list[Problem] = []
    for error in Draft202012Validator(codebook_schema()).iter_errors(data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = ", ".join(sorted(error.schema.get("properties", {})))
            for name in sorted(set(error.instance) - set(error.schema.get("properties", {})), key=str):
                found.append((locate(path + (name,)),
                              f"{_where(path, data)}: '{name}' is not a field the format knows. "
                              f"Use one of: {allowed}."))
            continue
        found.append((locate(path), f"{_where(path, data)}: {_explain(error)}"))
    return found


def tree_problems(data: Any, locate: Locate) -> list[Problem]:
    """Duplicate keys or GUIDs, parents that do not exist, and parents that form a cycle."""
    found: list[Problem] = []
    parents: dict[str, str | None] = {}
    places: dict[str, PathSteps] = {}
    guids: dict[str, str] = {}
    for path, code, parent in walk_codes(data):
        key = code.get("key")
        if not isinstance(key, str):
            continue
        if key in places:
            found.append((locate(path + ("key",)), f"The code key '{key}' is used twice (first on "
                          f"line {locate(places[key] + ('key',))}); give each code its own key."))
            continue
        places[key] = path
        written = code.get("parent")
        if parent and isinstance(written, str) and written != parent:
            found.append((locate(path + ("parent",)), f"Code '{key}' is written under '{parent}' "
                          f"but says its parent is '{written}'; remove one of them."))
        parents[key] = parent or (written if isinstance(written, str) else None)
        found.extend(_guid_problem(code, key, path, guids, locate))
    for key, parent in parents.items():
        if parent is not None and parent not in parents:
            found.append((locate(places[key] + ("parent",)), f"Code '{key}' names the parent "
                          f"'{parent}', which is not a code in this codebook."))
    found.extend(_cycles(parents, places, locate))
    return found


def walk_codes(data: Any) -> list[tuple[PathSteps, dict[str, Any], str | None]]:
    """(path, code mapping, key of the code it is nested under) for every code, in file order."""
    out: list[tuple[PathSteps, dict[str, Any], str | None]] = []

    def visit(items: Any, path: PathSteps, parent: str | None) -> None:
        for i, code in enumerate(items if isinstance(items, list) else []):
            if isinstance(code, dict):
                out.append((path + (i,), code, parent))
                key = code.get("key") if isinstance(code.get("key"), str) else None
                visit(code.get("children"), path + (i, "children"), key)
    visit(data.get("codes") if isinstance(data, dict) else None, ("codes",), None)
    return out


def _guid_problem(code: dict[str, Any], key: str, path: PathSteps, seen: dict[str, str],
                  locate: Locate) -> list[Problem]:
    """The code's GUID, if written, used by no earlier code."""
    try:
        guid = normalise_guid(code["guid"]) if isinstance(code.get("guid"), str) else None
    except ValueError:
        return []  # the schema already reports a malformed GUID
    if guid is None:
        return []
    if guid in seen:
        return [(locate(path + ("guid",)), f"Code '{key}' has the same GUID as code "
                 f"'{seen[guid]}'; give it its own GUID or leave the guid out.")]
    seen[guid] = key
    return []


def _cycles(parents: dict[str, str | None], places: dict[str, PathSteps],
            locate: Locate) -> list[Problem]:
    """One problem per cycle of parents, reported at the first code of the cycle in the file."""
    found, reported = [], set()
    for start in parents:
        chain, key = [], start
        while key is not None and key in parents and key not in chain:
            chain.append(key)
            key = parents[key]
        if key is not None and key in chain:
            cycle = chain[chain.index(key):]
            if not reported.intersection(cycle):
                reported.update(cycle)
                first = min(cycle, key=lambda k: locate(places[k]) or 0)
                found.append((locate(places[first] + ("parent",)), "These codes are each other's "
                              f"parents: {' -> '.join(cycle + [key])}; break the cycle."))
    return found


def _where(path: PathSteps, data: Any) -> str:
    """A path in words: ('codes', 2, 'children', 0, 'colour') -> "Code 'x', colour"."""
    words, node = [], data
    for step in path:
        node = node[step] if isinstance(node, (dict, list)) and _has(node, step) else None
        if isinstance(step, int):
            key = node.get("key") if isinstance(node, dict) else None
            noun = "code" if words and words[-1] in ("codes", "children") else "item"
            words = [w for w in words if w not in ("codes", "children")]
            words.append(f"code '{key}'" if isinstance(key, str) else f"{noun} {step + 1}")
        else:
            words.append(str(step))
    text = ", ".join(words) if words else "the codebook"
    return text[0].upper() + text[1:]


def _has(node: Any, step: str | int) -> bool:
    return (step in node) if isinstance(node, dict) else isinstance(step, int) and step < len(node)


def _explain(error: ValidationError) -> str:
    """One schema failure in plain words, with what to write instead."""
    kind, value = error.validator, error.instance
    field = next((s for s in reversed(error.absolute_path) if isinstance(s, str)), "")
    if kind == "required":
        return error.message.replace("is a required property", "is missing; add it")
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return f"{_short(value)} should be {' or '.join(_TYPES.get(k, k) for k in wanted)}."
    if kind == "pattern":
        help_ = _PATTERN_HELP.get(field, "see codebooks/schema.json")
        return f"{_short(value)} is not allowed here; {help_}."
    if kind in ("minimum", "maximum") and field == "dimensions":
        return f"{value} is not a framework dimension; use 1 to 5."
    if kind in ("minItems", "minLength", "minProperties"):
        return "this is empty; fill it in."
    if kind == "uniqueItems":
        return "each entry may appear only once."
    if "propertyNames" in error.schema_path:  # jsonschema reports the name's failure itself
        return (f"{_short(value)} is not a spaCy Matcher token attribute; use one such as "
                "LOWER, LEMMA, POS or OP.")
    return error.message


def _short(value: Any) -> str:
    """A value as written, cut short: a whole mapping is too long to quote in a message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
