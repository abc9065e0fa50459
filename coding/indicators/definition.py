"""Indicator definitions: YAML files checked against a JSON Schema and the known surveys and codebooks.

Every problem names the file and the line, so an author can fix a definition without reading
code. The caller passes what is known as plain dicts (no database here):
    {"surveys": {survey_key: {question_key: [answer values] or None for any value}},
     "codebooks": {codebook_key: [code keys]}, "runs": {run_name: [topic keys]}}
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from coding.yaml_positions import YamlSyntaxError, locate, parse

SCHEMA = json.loads((Path(__file__).parent / "schema.json").read_text(encoding="utf-8"))
BREAKDOWN_GROUPS = ("cohort", "subgroups")


class IndicatorError(ValueError):
    """An indicator definition or request that cannot be used; `problems` lists each one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class IndicatorDefinition:
    """A validated indicator definition; `raw` is the parsed YAML mapping."""
    raw: dict[str, Any]
    path: str

    @property
    def id(self) -> str:
        """The indicator's identifier, snake_case."""
        return self.raw["id"]

    @property
    def unit(self) -> str:
        """percent, count or mean."""
        return self.raw["unit"]

    @property
    def source_type(self) -> str:
        """survey_answers, coded_documents or topic_prevalence."""
        return self.raw["source"]["type"]

    @property
    def geography_levels(self) -> list[str]:
        """The geographic levels this indicator may be published at."""
        return list(self.raw["breakdowns"]["geography"])

    @property
    def allowed_breakdowns(self) -> list[str]:
        """The cohort and subgroup breakdowns this indicator allows."""
        groups = self.raw["breakdowns"]
        return [name for group in BREAKDOWN_GROUPS for name in groups.get(group, [])]


def load_definition(path: Path | str, known: dict[str, dict]) -> IndicatorDefinition:
    """Parse and validate one YAML definition; IndicatorError lists every problem with its line."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data, node = parse(text)
    except YamlSyntaxError as error:
        raise IndicatorError([f"{path.name}:{error.line or 1}: not valid YAML: {error.problem}"]) from None
    if not isinstance(data, dict):
        raise IndicatorError([f"{path.name}:1: an indicator definition is a mapping of fields"])
    problems = [f"{path.name}:{_line(node, list(e.absolute_path))}: {_schema_message(e)}"
                for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)]
    if not problems:
        problems = [f"{path.name}:{_line(node, where)}: {message}"
                    for where, message in _reference_problems(data, known)]
    if problems:
        raise IndicatorError(problems)
    return IndicatorDefinition(data, str(path))


def load_definitions(directory: Path | str, known: dict[str, dict]) -> list[IndicatorDefinition]:
    """Every *.yaml definition in a directory, all validated; problems from all files together."""
    definitions, problems = [], []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            definitions.append(load_definition(path, known))
        except IndicatorError as error:
            problems.extend(error.problems)
    ids = [d.id for d in definitions]
    problems += [f"{Path(d.path).name}:1: id {d.id!r} is used by another definition"
                 for d in definitions if ids.count(d.id) > 1]
    if problems:
        raise IndicatorError(problems)
    return definitions


def check_breakdowns(definition: IndicatorDefinition, breakdowns: list[str]) -> None:
    """IndicatorError unless every requested breakdown is allowed by the definition."""
    refused = [b for b in breakdowns if b not in definition.allowed_breakdowns]
    if refused:
        raise IndicatorError([f"{definition.id}: breakdown {b!r} is not allowed; choose from "
                              f"{', '.join(definition.allowed_breakdowns) or 'none'}"
                              for b in refused])


def _schema_message(error: jsonschema.ValidationError) -> str:
    """A JSON Schema error as a sentence naming the field."""
    where = ".".join(str(p) for p in error.absolute_path) or "the definition"
    return f"{where}: {error.message}"


def _line(node: yaml.Node | None, path: list) -> int:
    """The 1-based line of the value at `path`, or of its nearest existing parent."""
    return locate(node, tuple(path), scalars_at_value=True)[0] if node is not None else 1


def _reference_problems(data: dict, known: dict[str, dict]) -> list[tuple[list, str]]:
    """(path, message) for names not in the known surveys, codebooks and runs."""
    source = data["source"]["type"]
    if source == "survey_answers":
        return _survey_problems(data, known.get("surveys", {}))
    if source == "coded_documents":
        return _code_problems(data, known.get("codebooks", {}), "codebook", "codes")
    return _code_problems(data, known.get("runs", {}), "run", "topics")


def _survey_problems(data: dict, surveys: dict[str, dict]) -> list[tuple[list, str]]:
    """Unknown survey, question or answer value in a survey-answer definition."""
    survey = data["population"].get("survey")
    if survey not in surveys:
        return [(["population", "survey"], f"unknown survey {survey!r}")]
    problems = []
    for part in ("numerator", "denominator"):
        question = data[part].get("question")
        if question not in surveys[survey]:
            problems.append(([part, "question"], f"{survey} has no question {question!r}"))
            continue
        allowed = surveys[survey][question]
        for i, value in enumerate(data[part].get("values", [])):
            if allowed is not None and str(value) not in {str(a) for a in allowed}:
                problems.append(([part, "values", i],
                                 f"{value!r} is not an answer to {survey} {question}"))
    if data["unit"] == "percent" and "values" not in data["numerator"]:
        problems.append((["numerator"], "a percentage needs the answer values that count"))
    return problems


def _code_problems(data: dict, known: dict[str, list], field: str,
                   items: str) -> list[tuple[list, str]]:
    """Unknown codebook/run or code/topic key in a coded-document or topic definition."""
    name = data["source"].get(field)
    if name not in known:
        return [(["source", field], f"unknown {field} {name!r}")]
    problems = [(["numerator", items, i], f"{field} {name} has no {items[:-1]} {key!r}")
                for i, key in enumerate(data["numerator"].get(items, []))
                if key not in set(known[name])]
    if not data["numerator"].get(items):
        problems.append((["numerator"], f"list the {items} that count"))
    if not data["population"].get("document_kind"):
        problems.append((["population"], "name the document_kind the share is of"))
    return problems
