"""Check a definition against surveys/schema.json and say what is wrong in plain words."""

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from voice import PROJECT_ROOT
from voice.surveys.errors import SurveyError
from voice.surveys.yaml_source import Locate

SCHEMA_PATH = PROJECT_ROOT / "surveys" / "schema.json"
PATTERN_HELP = {
    "key": "use lower-case letters, digits and hyphens, e.g. where-i-live",
    "audience": "use lower-case letters, digits and underscores, e.g. care_leavers",
    "feeds": "write indicator:NAME or codebook:NAME, e.g. indicator:feel-safe-at-home",
    "language": "use a language code such as en, cy or ur",
}


@cache
def survey_schema() -> dict[str, Any]:
    """The JSON Schema every survey definition must match."""
    return json.loads(SCHEMA_PATH.read_text("utf-8"))


def schema_errors(definition: Any, locate: Locate) -> list[SurveyError]:
    """Every place the definition does not match the schema, in file order."""
    validator = Draft202012Validator(survey_schema())
    found = []
    for error in _expand(validator.iter_errors(definition)):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            found.extend(_unknown_fields(error, path, locate, definition))
            continue
        line, column = locate(path)
        where = describe_path(path, definition)
        found.append(SurveyError(line, f"{where[0].upper()}{where[1:]}: {_explain(error)}", column))
    return sorted(found, key=lambda e: (e.line or 0, e.column or 0))


def _expand(errors: Any) -> Any:
    """Errors, with an anyOf failure replaced by the failures of the branch the value was meant
    for: a mapping under show_if is a condition, not a list that failed to be one."""
    for error in errors:
        if error.validator not in ("anyOf", "oneOf") or not error.context:
            yield error
            continue
        meant = [e for e in error.context if not (e.validator == "type" and not e.relative_path)]
        yield from _expand(meant) if meant else [best_match(error.context)]


def describe_path(path: tuple[str | int, ...], definition: Any) -> str:
    """A path as words: ('questions', 2, 'options', 0, 'label') -> question 'who_helps', option 1, label."""
    words, node = [], definition
    for step in path:
        parent, node = node, _step(node, step)
        if isinstance(step, int):
            key = node.get("key") if isinstance(node, dict) else None
            noun = {"questions": "question", "options": "option", "show_if": "condition",
                    "languages": "language", "in": "value"}.get(str(words[-1]) if words else "", "item")
            if words:
                words.pop()
            words.append(f"{noun} '{key}'" if key else f"{noun} {step + 1}")
        else:
            words.append(str(step))
    return ", ".join(words) if words else "the survey"


def _step(node: Any, step: str | int) -> Any:
    try:
        return node[step]
    except (KeyError, IndexError, TypeError):
        return None


def _unknown_fields(error: ValidationError, path: tuple, locate: Locate,
                    definition: Any) -> list[SurveyError]:
    allowed = set(error.schema.get("properties", {}))
    where = describe_path(path, definition)
    found = []
    for name in sorted(set(error.instance) - allowed, key=str):
        line, column = locate(path + (name,))
        if name == "version" and not path:
            message = "'version' is given by the database when you import; remove it."
        else:
            message = (f"{where[0].upper()}{where[1:]}: '{name}' is not a field the format knows. "
                       f"Use one of: {', '.join(sorted(allowed))}.")
        found.append(SurveyError(line, message, column))
    return found


def _explain(error: ValidationError) -> str:
    """One schema failure in plain words, with what to write instead."""
    kind, value = error.validator, error.instance
    if kind == "required":
        return error.message.replace("is a required property", "is missing; add it")
    if kind == "type" and isinstance(value, bool):
        return ("YAML reads a bare yes, no, true or false as true/false; "
                "put the value in quotes, e.g. \"yes\".")
    if kind == "type":
        return f"{_short(value)} should be {_a(error.validator_value)}."
    if kind == "enum":
        return f"{_short(value)} is not one of: {', '.join(map(str, error.validator_value))}."
    if kind == "pattern":
        field = next((s for s in reversed(error.absolute_path) if isinstance(s, str)), "")
        help_ = PATTERN_HELP.get("language" if field == "languages" else field, "")
        return f"{_short(value)} is not allowed here" + (f"; {help_}." if help_ else ".")
    if kind == "propertyNames":
        return f"{error.message}; {PATTERN_HELP['language']}."
    if kind in ("minItems", "minProperties", "minLength"):
        return "this is empty or too short; fill it in."
    if kind in ("maxLength", "maxItems", "maximum", "minimum"):
        return f"{_short(value)} is out of range ({kind} {error.validator_value})."
    if kind == "uniqueItems":
        return "each entry may appear only once."
    return error.message


def _short(value: Any) -> str:
    """A value as written, cut short: a whole mapping is too long to quote in a message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _a(expected: Any) -> str:
    names = {"object": "a mapping (key: value lines)", "array": "a list (lines starting with -)",
             "string": "text", "integer": "a whole number", "number": "a number",
             "boolean": "true or false"}
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(names.get(k, k) for k in kinds)
