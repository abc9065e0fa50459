"""A survey definition: check it (schema, then meaning), fill in the defaults, and read its
show_if conditions.

A checked definition is normalised before it is stored, so whoever reads a stored version
finds everything spelt out: `required` on every question, built-in `options` on face-scale
and yes/no questions, `max_length` on text questions, and `show_if` as a list of conditions
that must all hold.
"""

import copy
from typing import Any

from voice.surveys.builtin import BUILTIN_VALUES, DEFAULT_MAX_LENGTH, builtin_options
from voice.surveys.checks import semantic_errors
from voice.surveys.errors import InvalidSurvey
from voice.surveys.schema_check import schema_errors
from voice.surveys.yaml_source import Locate


def _nowhere(_path: tuple) -> tuple[None, None]:
    return None, None


def check_definition(definition: Any, where: str = "", locate: Locate | None = None,
                     unit: str = "line") -> None:
    """Raise InvalidSurvey listing every problem with a definition, each with its line."""
    locate = locate or _nowhere
    errors = schema_errors(definition, locate)
    if not errors:  # meaning is only checked on a well-formed definition
        errors = semantic_errors(definition, locate)
    if errors:
        raise InvalidSurvey(errors, where, unit)


def normalise(definition: dict[str, Any]) -> dict[str, Any]:
    """A copy of a checked definition with every default written out (idempotent)."""
    result = copy.deepcopy(definition)
    languages = result["languages"]
    for question in result["questions"]:
        kind = question["type"]
        question.setdefault("required", False)
        if kind in BUILTIN_VALUES and "options" not in question:
            question["options"] = builtin_options(kind, languages)
        if kind in DEFAULT_MAX_LENGTH:
            question.setdefault("max_length", DEFAULT_MAX_LENGTH[kind])
        if isinstance(question.get("show_if"), dict):
            question["show_if"] = [question["show_if"]]
    return result


def condition_holds(condition: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether one show_if condition holds for the answers so far (unanswered never matches,
    except for not_equals). A multiple_choice answer is a list: equals means 'was ticked'."""
    answer = answers.get(condition["question"])
    chosen = answer if isinstance(answer, list) else ([] if answer is None else [answer])
    if "equals" in condition:
        return condition["equals"] in chosen
    if "in" in condition:
        return any(value in chosen for value in condition["in"])
    return condition["not_equals"] not in chosen


def is_shown(question: dict[str, Any], answers: dict[str, Any]) -> bool:
    """Whether a question is asked, given the answers to the questions before it."""
    conditions = question.get("show_if") or []
    if isinstance(conditions, dict):
        conditions = [conditions]
    return all(condition_holds(condition, answers) for condition in conditions)
