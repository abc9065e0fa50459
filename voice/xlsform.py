"""Import an XLSForm (.xlsx, .xls, .csv or pyxform's .md) as a survey definition.

pyxform reads the workbook: its sheet reader gives the survey rows (for row numbers) and
`workbook_to_json` gives the checked form (labels per language, choices, binds). Only the
subset that means the same thing here is converted: select_one, select_multiple, text,
integer, decimal, date with appearance month-year, note, groups (flattened), required, and
relevant made of `${q} = 'x'`, `${q} != 'x'` and `selected(${q}, 'x')` joined by `and`.
Anything else is refused in one message that lists every such row, and nothing is made.
"""

import re
from pathlib import Path
from typing import Any

from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from voice.surveys import InvalidSurvey, SurveyError, check_definition, normalise

SUPPORTED_TYPES = {"text", "string", "integer", "int", "decimal", "date", "note",
                   "begin group", "end group", "begin_group", "end_group"}
IGNORED_TYPES = {"start", "end", "today"}  # timestamps a form tool adds; nothing to ask
SELECT = re.compile(r"^(select_one|select one|select1|select_multiple|select all that apply)"
                    r"\s+[\w.-]+$")
REFUSED_COLUMNS = ("constraint", "calculation", "choice_filter", "repeat_count", "trigger")
YES = {"yes", "true", "true()"}
NO = {"", "no", "false", "false()"}
KNOWN_LANGUAGES = {"english": "en", "welsh": "cy", "cymraeg": "cy", "urdu": "ur",
                   "polish": "pl", "arabic": "ar", "bengali": "bn", "punjabi": "pa"}
LANGUAGE_CODE = re.compile(r"\(\s*([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)\s*\)\s*$")
VALUE = r"'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?"
CONDITION = re.compile(
    r"\s*(?:\$\{(?P<name>[\w.-]+)\}\s*(?P<op>!=|=)\s*(?P<value>" + VALUE + r")"
    r"|selected\(\s*\$\{(?P<sel_name>[\w.-]+)\}\s*,\s*(?P<sel_value>'[^']*'|\"[^\"]*\")\s*\))\s*")
AND = re.compile(r"and\b")
JSON_TYPES = {"select one": "single_choice", "select all that apply": "multiple_choice",
              "integer": "number", "decimal": "number", "date": "month_year", "note": "note"}


def read_xlsform(path: Path, key: str | None = None, audience: str | None = None) -> dict[str, Any]:
    """Convert an XLSForm file into a checked, normalised survey definition."""
    workbook = _read_workbook(path)
    rows = list(workbook.survey or [])
    refused = unsupported_rows(rows)
    if refused:
        raise InvalidSurvey(refused, path.name, unit="row", summary=(
            f"cannot import {len(refused)} row(s) of the survey sheet; nothing was imported. "
            "Remove or change these rows"))
    try:
        form = workbook_to_json(workbook, fallback_form_name=workbook.fallback_form_name)
    except PyXFormError as error:
        raise InvalidSurvey([(None, f"pyxform could not read the form: {error}")], path.name,
                            unit="row") from error
    row_of = {row["name"]: number for number, row in enumerate(rows, start=2) if row.get("name")}
    definition, question_rows = convert_form(form, key=key, audience=audience or "general")

    def locate(at: tuple) -> tuple[int | None, None]:
        is_question = len(at) > 1 and at[0] == "questions" and isinstance(at[1], int)
        return (row_of.get(question_rows[at[1]]) if is_question and at[1] < len(question_rows)
                else None), None

    check_definition(definition, path.name, locate, unit="row")
    return normalise(definition)


def _read_workbook(path: Path) -> DefinitionData:
    """The workbook's sheets as rows, read by pyxform."""
    if not path.is_file():
        raise InvalidSurvey([(None, "There is no file at this path; check the name.")], path.name)
    try:
        return get_xlsform(str(path))
    except PyXFormError as error:
        raise InvalidSurvey([(None, f"This is not an XLSForm pyxform can read ({error}).")],
                            path.name) from error


def unsupported_rows(rows: list[dict[str, Any]]) -> list[SurveyError]:
    """Every survey-sheet row that cannot be imported, with its row number and why."""
    refused = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        reasons = _row_problems(row)
        if reasons:
            kind = " ".join(str(row.get("type", "")).split()) or "(no type)"
            refused.append(SurveyError(number, f"{kind}: {'; '.join(reasons)}."))
    return refused


def _row_problems(row: dict[str, Any]) -> list[str]:
    """Why one survey row cannot be imported (empty when it can)."""
    kind = " ".join(str(row.get("type", "")).lower().split())
    if not kind or kind in IGNORED_TYPES:
        return []
    reasons = []
    if kind not in SUPPORTED_TYPES and not SELECT.match(kind):
        reasons.append(f"the type '{kind}' is not supported")
    elif kind == "date" and "month-year" not in str(row.get("appearance", "")):
        reasons.append("a date is only supported as month and year (appearance month-year)")
    relevant = str(row.get("relevant", "")).strip()
    if relevant and parse_relevant(relevant) is None:
        reasons.append(f"relevant '{relevant}' is too complex (use ${{q}} = 'x', ${{q}} != 'x' "
                       "or selected(${q}, 'x'), joined with and)")
    if str(row.get("required", "")).strip().lower() not in YES | NO:
        reasons.append("required must be yes or no, not an expression")
    reasons += [f"the {column} column is not supported" for column in REFUSED_COLUMNS
                if str(row.get(column, "")).strip()]
    if any(str(name).startswith(("media::", "image", "audio", "video", "big-image"))
           and str(value).strip() for name, value in row.items()):
        reasons.append("pictures, audio and video in questions are not supported")
    return reasons


def parse_relevant(expression: str) -> list[dict[str, Any]] | None:
    """A simple relevant expression as show_if conditions, or None if it is not simple."""
    conditions, position = [], 0
    while True:
        match = CONDITION.match(expression, position)
        if match is None:
            return None
        conditions.append(_condition(match))
        position = match.end()
        if position == len(expression):
            return conditions
        joiner = AND.match(expression, position)
        if joiner is None:
            return None
        position = joiner.end()


def _condition(match: re.Match[str]) -> dict[str, Any]:
    if match["sel_name"]:
        return {"question": match["sel_name"], "equals": _literal(match["sel_value"])}
    operator = "equals" if match["op"] == "=" else "not_equals"
    return {"question": match["name"], operator: _literal(match["value"])}


def _literal(text: str) -> str | int | float:
    if text[0] in "'\"":
        return text[1:-1]
    return float(text) if "." in text else int(text)


def convert_form(form: dict[str, Any], key: str | None, audience: str) -> tuple[dict[str, Any], list[str]]:
    """pyxform's JSON form as our definition, and each question's XLSForm name in order."""
    names = _language_names(form)
    languages = _language_order(form, names)
    questions: list[dict[str, Any]] = []
    _collect(form.get("children", []), [], names, questions)
    title = str(form.get("title") or form.get("id_string") or "Survey")
    definition = {
        "key": key or str(form.get("id_string", "")),
        "title": {language: title for language in languages},
        "languages": languages,
        "audience": audience,
        "questions": questions,
    }
    return definition, [q["key"] for q in questions]


def _collect(children: list[dict[str, Any]], inherited: list[dict[str, Any]],
             names: dict[str, str], out: list[dict[str, Any]]) -> None:
    """Append each question, flattening groups and and-ing a group's relevant into its questions."""
    for child in children:
        kind = child.get("type")
        conditions = inherited + (parse_relevant(child.get("bind", {}).get("relevant", "")) or [])
        if kind == "group":
            if not child.get("control", {}).get("bodyless"):  # pyxform's own meta group
                _collect(child.get("children", []), conditions, names, out)
        elif kind in JSON_TYPES or kind == "text":
            out.append(_question(child, conditions, names))


def _question(child: dict[str, Any], conditions: list[dict[str, Any]],
              names: dict[str, str]) -> dict[str, Any]:
    """One XLSForm question in our format."""
    kind = child["type"]
    multiline = "multiline" in str(child.get("control", {}).get("appearance", ""))
    question: dict[str, Any] = {
        "key": child["name"],
        "type": ("long_text" if multiline else "short_text") if kind == "text" else JSON_TYPES[kind],
        "label": _text(child.get("label"), names),
    }
    if child.get("hint"):
        question["hint"] = _text(child["hint"], names)
    if kind == "integer":
        question["integer"] = True
    if child.get("choices"):
        question["options"] = [{"value": c["name"], "label": _text(c.get("label"), names)}
                               for c in child["choices"]]
    if str(child.get("bind", {}).get("required", "")).lower() in YES and kind != "note":
        question["required"] = True
    if conditions:
        question["show_if"] = conditions
    return question


def _text(value: Any, names: dict[str, str]) -> dict[str, str]:
    """A label or hint as {language code: text}, leaving out empty cells."""
    if isinstance(value, dict):
        return {names[name]: str(text) for name, text in value.items() if str(text).strip()}
    return {names["default"]: str(value)} if value else {}


def _language_names(form: dict[str, Any]) -> dict[str, str]:
    """Each XLSForm language name ('Welsh (cy)', 'default') mapped to its code."""
    default = form.get("default_language", "default")
    names: dict[str, str] = {}
    for name in _names_used(form):
        names[name] = _code(default) if name == "default" and default != "default" else _code(name)
    names.setdefault("default", _code(default) if default != "default" else "en")
    return names


def _code(name: str) -> str:
    if name == "default":
        return "en"  # a form without language columns is taken to be in English
    match = LANGUAGE_CODE.search(name)
    if match:
        return match[1]
    # An unknown name is kept as written; the schema check then asks for a code.
    return KNOWN_LANGUAGES.get(name.strip().lower(), name)


def _names_used(form: dict[str, Any]) -> list[str]:
    """Language names in the order they first appear in labels, hints and choices."""
    seen: dict[str, None] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for field in ("label", "hint"):
                if isinstance(node.get(field), dict):
                    seen.update(dict.fromkeys(node[field]))
                elif node.get(field):
                    seen["default"] = None
            choices = node.get("choices")  # the form's own is a dict of lists: each question has its copy
            for item in node.get("children", []) + (choices if isinstance(choices, list) else []):
                visit(item)

    visit(form)
    return list(seen)


def _language_order(form: dict[str, Any], names: dict[str, str]) -> list[str]:
    """Codes of the languages used, the form's default language first."""
    codes = list(dict.fromkeys(names[name] for name in _names_used(form)))
    default = names.get(form.get("default_language", "default"), names["default"])
    return [default] + [code for code in codes if code != default] if default in codes else codes or ["en"]
