"""Read a survey YAML file keeping each node's position, so problems can name their line."""

from collections.abc import Callable
from typing import Any

import yaml

from voice.surveys.errors import InvalidSurvey, SurveyError

DefinitionPath = tuple[str | int, ...]
# Given a path into the definition, the (line, column) it was written at, both from 1.
Locate = Callable[[DefinitionPath], tuple[int | None, int | None]]


def load_yaml(text: str, source: str) -> tuple[Any, Locate]:
    """Parse YAML text into plain data and a function that finds where a path was written."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InvalidSurvey([(1, "The file is empty: write a survey definition in it.")], source)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = (f"This is not valid YAML: {error.problem or error.context}. Put text that "
                   "contains : ? # { } [ ] in double quotes.")
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InvalidSurvey([SurveyError(line, message, column)], source) from error
    except yaml.YAMLError as error:
        raise InvalidSurvey([(None, f"This is not valid YAML: {error}.")], source) from error
    finally:
        loader.dispose()
    duplicates = list(duplicate_keys(root))
    if duplicates:
        raise InvalidSurvey(duplicates, source)
    return data, lambda path: locate_node(root, path)


def duplicate_keys(node: yaml.Node) -> list[SurveyError]:
    """Every mapping key written twice; YAML would silently keep only the last one."""
    found: list[SurveyError] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                found.append(_at(key_node, f"'{key_node.value}' is written twice here; "
                                           "keep one of them."))
            seen.add(key_node.value)
            found.extend(duplicate_keys(value_node))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found.extend(duplicate_keys(item))
    return found


def locate_node(root: yaml.Node, path: DefinitionPath) -> tuple[int | None, int | None]:
    """The line and column of the deepest node on `path` that exists."""
    node, mark_node = root, root
    for step in path:
        found = _child(node, step)
        if found is None:
            break
        # A block mapping or list starts on the line below its key: point at the key.
        node, mark_node = found[1], found[0] if found[0] is not None else found[1]
    return mark_node.start_mark.line + 1, mark_node.start_mark.column + 1


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(the key node or None, the value node) of one step down, or None if absent."""
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        return (None, node.value[step]) if 0 <= step < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(step):
                return (None if isinstance(value_node, yaml.ScalarNode) else key_node), value_node
    return None


def _at(node: yaml.Node, message: str) -> SurveyError:
    return SurveyError(node.start_mark.line + 1, message, node.start_mark.column + 1)
