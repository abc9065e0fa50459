"""Read codebook YAML keeping each node's position, so every problem can name its line."""

from collections.abc import Callable
from typing import Any

from coding.codebook.errors import InvalidCodebook
from coding.yaml_positions import YamlSyntaxError, duplicate_keys, locate, parse

PathSteps = tuple[str | int, ...]
# Given a path into the data, the line (from 1) it was written on.
Locate = Callable[[PathSteps], int | None]


def parse_yaml(text: str, source: str = "") -> tuple[Any, Locate]:
    """Parse YAML text into plain data and a function that finds the line a path was written on."""
    try:
        data, root = parse(text)
    except YamlSyntaxError as error:
        message = (f"This is not valid YAML: {error.problem}. Check the indentation "
                   "and put text that contains : # { } [ ] in double quotes.")
        raise InvalidCodebook([(error.line, message)], source) from error
    if root is None:
        raise InvalidCodebook([(1, "The file is empty: write a codebook in it.")], source)
    duplicates = duplicate_keys(root)
    if duplicates:
        raise InvalidCodebook([(line, message) for line, _column, message in duplicates], source)
    return data, lambda path: locate(root, path)[0]
