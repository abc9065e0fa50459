"""Read a survey YAML file keeping each node's position, so problems can name their line."""

from collections.abc import Callable
from typing import Any

from coding.yaml_positions import YamlSyntaxError, duplicate_keys, locate, parse
from voice.surveys.errors import InvalidSurvey, SurveyError

DefinitionPath = tuple[str | int, ...]
# Given a path into the definition, the (line, column) it was written at, both from 1.
Locate = Callable[[DefinitionPath], tuple[int | None, int | None]]


def load_yaml(text: str, source: str) -> tuple[Any, Locate]:
    """Parse YAML text into plain data and a function that finds where a path was written."""
    try:
        data, root = parse(text)
    except YamlSyntaxError as error:
        message = (f"This is not valid YAML: {error.problem}. Put text that "
                   "contains : ? # { } [ ] in double quotes.")
        raise InvalidSurvey([SurveyError(error.line, message, error.column)], source) from error
    if root is None:
        raise InvalidSurvey([(1, "The file is empty: write a survey definition in it.")], source)
    duplicates = duplicate_keys(root)
    if duplicates:
        raise InvalidSurvey([SurveyError(line, message, column)
                             for line, column, message in duplicates], source)
    return data, lambda path: locate(root, path, scalars_at_value=True)
