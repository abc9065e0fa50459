"""A code's guidance written into a REFI-QDA <Description> that people can read and we can parse.

Other programs show the Description as plain text, so the coder's guidance goes in labelled
paragraphs. The code's key and suggestion rules, which only Seen & Heard uses, go in one last
line of JSON, so a codebook exported and imported again comes back equal.
"""

import json
import re
from typing import Any

from coding.codebook import DIMENSIONS, Code

_WHEN = "When to use: "
_WHEN_NOT = "When not to use: "
_EXAMPLES = "Examples:"
_DIMENSIONS = "Framework dimensions: "
_MACHINE = "Seen & Heard: "


def describe(code: Code) -> str:
    """The Description text for a code: guidance paragraphs, then the machine line."""
    paragraphs = [code.definition] if code.definition else []
    if code.when_to_use:
        paragraphs.append(_WHEN + code.when_to_use)
    if code.when_not_to_use:
        paragraphs.append(_WHEN_NOT + code.when_not_to_use)
    if code.examples:
        paragraphs.append("\n".join([_EXAMPLES] + [f"- {example}" for example in code.examples]))
    if code.dimensions:
        paragraphs.append(_DIMENSIONS + "; ".join(f"{number} {DIMENSIONS[number]}"
                                                  for number in code.dimensions))
    machine: dict[str, Any] = {"key": code.key}
    if not code.rules.is_empty():
        machine["rules"] = {name: getattr(code.rules, name) for name in ("phrases", "lemmas", "patterns")
                            if getattr(code.rules, name)}
    paragraphs.append(_MACHINE + json.dumps(machine, ensure_ascii=False, separators=(",", ":")))
    return "\n\n".join(paragraphs)


def parse_description(text: str) -> dict[str, Any]:
    """The fields describe() wrote; text from another program becomes the definition."""
    fields: dict[str, Any] = {}
    definition: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        if paragraph.startswith(_WHEN):
            fields["when_to_use"] = paragraph[len(_WHEN):]
        elif paragraph.startswith(_WHEN_NOT):
            fields["when_not_to_use"] = paragraph[len(_WHEN_NOT):]
        elif paragraph.startswith(_EXAMPLES):
            fields["examples"] = [line[2:] for line in paragraph.splitlines()[1:]
                                  if line.startswith("- ")]
        elif paragraph.startswith(_DIMENSIONS):
            fields["dimensions"] = [int(n) for n in re.findall(r"(?:^|; )([1-5]) ",
                                                                paragraph[len(_DIMENSIONS):])]
        elif paragraph.startswith(_MACHINE) and _machine(paragraph) is not None:
            fields.update(_machine(paragraph) or {})
        elif paragraph:
            definition.append(paragraph)
    fields["definition"] = "\n\n".join(definition)
    return fields


def _machine(paragraph: str) -> dict[str, Any] | None:
    """The key and rules from our JSON line, or None if the line is not ours after all."""
    try:
        data = json.loads(paragraph[len(_MACHINE):])
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("key"), str):
        return None
    rules = data.get("rules") if isinstance(data.get("rules"), dict) else {}
    return {"key": data["key"], "rules": {name: rules[name] for name in ("phrases", "lemmas", "patterns")
                                          if isinstance(rules.get(name), list)}}
