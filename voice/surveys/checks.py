"""Checks a schema cannot make: unique keys and options, every text in every declared language,
show_if pointing at an earlier question and a real value, and fields that fit the type."""

from typing import Any

from voice.surveys.builtin import (BUILTIN_VALUES, CHOICE_TYPES, CONDITION_TYPES, SCALE_RANGE,
                                   TEXT_TYPES, builtin_options)
from voice.surveys.errors import SurveyError
from voice.surveys.yaml_source import Locate

LANGUAGE_NAMES = {"en": "English", "cy": "Welsh", "ur": "Urdu", "pl": "Polish", "ar": "Arabic",
                  "bn": "Bengali", "pa": "Punjabi", "ro": "Romanian", "so": "Somali"}
OPERATORS = ("equals", "in", "not_equals")


class _Checker:
    """Collects problems while walking one definition."""

    def __init__(self, definition: dict[str, Any], locate: Locate) -> None:
        self.definition, self.locate = definition, locate
        self.languages: list[str] = definition["languages"]
        self.errors: list[SurveyError] = []
        self.earlier: dict[str, dict[str, Any]] = {}

    def add(self, path: tuple, message: str) -> None:
        line, column = self.locate(path)
        self.errors.append(SurveyError(line, message, column))

    def text(self, value: dict[str, str], path: tuple, what: str) -> None:
        """Every declared language present, and no language that is not declared."""
        for language in self.languages:
            if language not in value:
                self.add(path, f"{what} has no {language_name(language)} text: add "
                               f"'{language}: ...' (every text needs every language in 'languages').")
        for language in value:
            if language not in self.languages:
                self.add(path + (language,), f"{what} has text in '{language}', which is not in "
                         f"languages ({', '.join(self.languages)}): add it there or remove this text.")


def language_name(code: str) -> str:
    """'Welsh (cy)' for a known code, else the code itself in quotes."""
    return f"{LANGUAGE_NAMES[code]} ({code})" if code in LANGUAGE_NAMES else f"'{code}'"


def semantic_errors(definition: dict[str, Any], locate: Locate) -> list[SurveyError]:
    """Every problem the schema cannot see, in file order."""
    checker = _Checker(definition, locate)
    checker.text(definition["title"], ("title",), "The title")
    if "description" in definition:
        checker.text(definition["description"], ("description",), "The description")
    first_seen: dict[str, int] = {}
    for index, question in enumerate(definition["questions"]):
        path, key = ("questions", index), question["key"]
        if key in first_seen:
            checker.add(path + ("key",), f"Question key '{key}' is used twice (first as question "
                        f"{first_seen[key] + 1}); give each question its own key.")
        first_seen.setdefault(key, index)
        _check_question(checker, question, path)
        checker.earlier.setdefault(key, question)
    return sorted(checker.errors, key=lambda e: (e.line or 0, e.column or 0))


def _check_question(checker: _Checker, question: dict[str, Any], path: tuple) -> None:
    what, kind = f"Question '{question['key']}'", question["type"]
    checker.text(question["label"], path + ("label",), f"{what} label")
    if "hint" in question:
        checker.text(question["hint"], path + ("hint",), f"{what} hint")
    _check_options(checker, question, path, what)
    misplaced = {"max_length": TEXT_TYPES, "min": ("number",), "max": ("number",),
                 "integer": ("number",)}
    for field, types in misplaced.items():
        if field in question and kind not in types:
            checker.add(path + (field,), f"{what}: '{field}' only applies to "
                        f"{' and '.join(types)} questions; remove it.")
    if kind == "number" and question.get("min", float("-inf")) > question.get("max", float("inf")):
        checker.add(path + ("min",), f"{what}: 'min' is bigger than 'max'.")
    if kind == "note" and question.get("required"):
        checker.add(path + ("required",), f"{what} is a note, which has no answer; remove 'required'.")
    conditions = question.get("show_if", [])
    for index, condition in enumerate(conditions if isinstance(conditions, list) else [conditions]):
        where = path + ("show_if",) + ((index,) if isinstance(conditions, list) else ())
        _check_condition(checker, condition, where, what)


def _check_options(checker: _Checker, question: dict[str, Any], path: tuple, what: str) -> None:
    kind, options = question["type"], question.get("options")
    if options is None:
        if kind in CHOICE_TYPES:
            checker.add(path, f"{what} is {kind} and needs 'options' (at least two).")
        elif kind in BUILTIN_VALUES and builtin_options(kind, checker.languages) is None:
            missing = [c for c in checker.languages if builtin_options(kind, [c]) is None]
            checker.add(path, f"{what}: {kind} has no built-in labels in "
                        f"{', '.join(map(language_name, missing))}; give it 'options' with labels "
                        "in every language.")
        return
    if kind not in CHOICE_TYPES and kind not in BUILTIN_VALUES:
        checker.add(path + ("options",), f"{what}: {kind} questions have no options; remove them.")
        return
    values = [option["value"] for option in options]
    if kind in BUILTIN_VALUES and tuple(values) != BUILTIN_VALUES[kind]:
        checker.add(path + ("options",), f"{what}: {kind} options must have the values "
                    f"{', '.join(map(str, BUILTIN_VALUES[kind]))} in that order.")
    seen: set[Any] = set()
    for index, option in enumerate(options):
        where = path + ("options", index)
        if _hashable(option["value"]) in seen:
            checker.add(where + ("value",), f"{what}: option value {option['value']!r} is used "
                        "twice; give each option its own value.")
        seen.add(_hashable(option["value"]))
        checker.text(option["label"], where + ("label",), f"{what} option {option['value']!r} label")


def _hashable(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value)  # 1 and "1" are different answers


def _check_condition(checker: _Checker, condition: dict[str, Any], path: tuple, what: str) -> None:
    operators = [op for op in OPERATORS if op in condition]
    if len(operators) != 1:
        checker.add(path, f"{what}: a show_if condition needs exactly one of "
                    f"{', '.join(OPERATORS)} (it has {len(operators)}).")
        return
    target_key = condition["question"]
    target = checker.earlier.get(target_key)
    if target is None:
        later = any(q.get("key") == target_key for q in checker.definition["questions"])
        reason = "comes at or after this one" if later else "does not exist"
        checker.add(path + ("question",), f"{what}: show_if refers to '{target_key}', which "
                    f"{reason}; a condition can only use an earlier question.")
        return
    if target["type"] not in CONDITION_TYPES:
        checker.add(path + ("question",), f"{what}: show_if cannot depend on '{target_key}' "
                    f"({target['type']}); use a question with options or a number.")
        return
    operator = operators[0]
    values = condition[operator] if operator == "in" else [condition[operator]]
    for value in values:
        problem = _value_problem(target, value)
        if problem:
            checker.add(path + (operator,), f"{what}: show_if {operator} {value!r}: {problem}")


def _value_problem(target: dict[str, Any], value: Any) -> str | None:
    """Why `value` can never be an answer to `target`, or None if it can."""
    kind = target["type"]
    if kind in CHOICE_TYPES or kind in BUILTIN_VALUES:
        allowed = [o["value"] for o in target["options"]] if target.get("options") \
            else list(BUILTIN_VALUES[kind])
        if _hashable(value) not in {_hashable(a) for a in allowed}:
            return (f"'{target['key']}' has no option with that value "
                    f"(its values are {', '.join(map(repr, allowed))}).")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"'{target['key']}' is answered with a number; compare it with a number."
    low, high = SCALE_RANGE if kind == "scale_0_10" else (target.get("min"), target.get("max"))
    if (low is not None and value < low) or (high is not None and value > high):
        return f"'{target['key']}' is answered from {low} to {high}."
    return None
