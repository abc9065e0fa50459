"""Read and write codebooks as YAML: load with every problem and its line, dump to round-trip."""

from pathlib import Path
from typing import Any

import yaml

from coding.codebook.checks import CODEBOOK_DIR, schema_problems, tree_problems
from coding.codebook.errors import InvalidCodebook
from coding.codebook.model import DEFAULT_COLOUR, Code, Codebook, Rules
from coding.codebook.yaml_source import parse_yaml


def load_codebook(path_or_text: str | Path) -> Codebook:
    """A Codebook from a YAML file path or YAML text; InvalidCodebook lists every problem."""
    text, source = _read(path_or_text)
    data, locate = parse_yaml(text, source)
    problems = schema_problems(data, locate) + tree_problems(data, locate)
    if problems:
        raise InvalidCodebook(problems, source)
    return build_codebook(data)


def codebook_from_data(data: Any, source: str = "") -> Codebook:
    """A Codebook from already-parsed data (e.g. a stored version); problems carry no line."""
    problems = schema_problems(data, lambda _path: None) + tree_problems(data, lambda _path: None)
    if problems:
        raise InvalidCodebook(problems, source)
    return build_codebook(data)


def shipped_codebooks() -> list[Codebook]:
    """Every codebook shipped in codebooks/, in file-name order."""
    return [load_codebook(path) for path in sorted(CODEBOOK_DIR.glob("*.yaml"))]


def _read(path_or_text: str | Path) -> tuple[str, str]:
    """(text, name to show in errors): a Path or a one-line *.yaml/*.yml string is a file."""
    looks_like_file = isinstance(path_or_text, str) and "\n" not in path_or_text \
        and path_or_text.strip().endswith((".yaml", ".yml"))
    if isinstance(path_or_text, Path) or looks_like_file:
        path = Path(path_or_text)
        try:
            return path.read_text("utf-8"), path.name
        except (OSError, UnicodeDecodeError) as error:
            raise InvalidCodebook([(None, f"Could not read {path.name}: check the path and that "
                                    f"it is a UTF-8 text file ({type(error).__name__}).")]) from error
    return str(path_or_text), ""


def build_codebook(data: dict[str, Any]) -> Codebook:
    """A Codebook from checked data: nested children kept, top-level codes moved under `parent`."""
    codes = [_build_code(item) for item in data["codes"]]
    by_key = {code.key: code for root in codes for code in root.iter_codes()}
    roots = []
    for code, item in zip(codes, data["codes"]):
        parent = item.get("parent")
        (by_key[parent].children if parent else roots).append(code)
    return Codebook(key=data["key"], title=data["title"], version=data["version"],
                    description=data.get("description", ""), codes=roots)


def _build_code(item: dict[str, Any]) -> Code:
    rules = item.get("rules", {})
    return Code(key=item["key"], label=item["label"], guid=item.get("guid", ""),
                definition=item.get("definition", ""), when_to_use=item.get("when_to_use", ""),
                when_not_to_use=item.get("when_not_to_use", ""),
                examples=list(item.get("examples", [])), colour=item.get("colour", DEFAULT_COLOUR),
                dimensions=list(item.get("dimensions", [])),
                rules=Rules(phrases=list(rules.get("phrases", [])),
                            lemmas=list(rules.get("lemmas", [])),
                            patterns=list(rules.get("patterns", []))),
                codable=item.get("codable", True),
                children=[_build_code(child) for child in item.get("children", [])])


def codebook_data(codebook: Codebook) -> dict[str, Any]:
    """The codebook as plain data in the file format (children nested, GUIDs written out)."""
    data: dict[str, Any] = {"key": codebook.key, "title": codebook.title,
                            "version": codebook.version}
    if codebook.description:
        data["description"] = codebook.description
    data["codes"] = [_code_data(code) for code in codebook.codes]
    return data


def _code_data(code: Code) -> dict[str, Any]:
    data: dict[str, Any] = {"key": code.key, "guid": code.guid, "label": code.label}
    for name in ("definition", "when_to_use", "when_not_to_use"):
        if getattr(code, name):
            data[name] = getattr(code, name)
    if code.examples:
        data["examples"] = list(code.examples)
    data["colour"] = code.colour
    if code.dimensions:
        data["dimensions"] = list(code.dimensions)
    if not code.codable:
        data["codable"] = False
    rules = {name: list(getattr(code.rules, name)) for name in ("phrases", "lemmas", "patterns")
             if getattr(code.rules, name)}
    if rules:
        data["rules"] = rules
    if code.children:
        data["children"] = [_code_data(child) for child in code.children]
    return data


def dump_codebook(codebook: Codebook) -> str:
    """The codebook as YAML text that load_codebook reads back to an equal Codebook."""
    return yaml.safe_dump(codebook_data(codebook), sort_keys=False, allow_unicode=True,
                          width=100, default_flow_style=False)
