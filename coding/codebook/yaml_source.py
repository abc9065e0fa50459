"""Read codebook YAML keeping each node's position, so every problem can name its line."""

from collections.abc import Callable
from typing import Any

import yaml

from coding.codebook.errors import InvalidCodebook, Problem

PathSteps = tuple[str | int, ...]
# Given a path into the data, the line (from 1) it was written on.
Locate = Callable[[PathSteps], int | None]


def parse_yaml(text: str, source: str = "") -> tuple[Any, Locate]:
    """Parse YAML text into plain data and a function that finds the line a path was written on."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InvalidCodebook([(1, "The file is empty: write a codebook in it.")], source)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = (f"This is not valid YAML: {error.problem or error.context}. Check the indentation "
                   "and put text that contains : # { } [ ] in double quotes.")
        raise InvalidCodebook([(mark.line + 1 if mark else None, message)], source) from error
    except yaml.YAMLError as error:
        raise InvalidCodebook([(None, f"This is not valid YAML: {error}.")], source) from error
    finally:
        loader.dispose()
    duplicates = duplicate_keys(root)
    if duplicates:
        raise InvalidCodebook(duplicates, source)
    return data, lambda path: locate_line(root, path)


def duplicate_keys(node: yaml.Node) -> list[Problem]:
    """Every mapping key written twice; YAML would silently keep only the last one."""
    found: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                found.append((key_node.start_mark.line + 1,
                              f"'{key_node.value}' is written twice here; keep one of them."))
            seen.add(key_node.value)
            found.extend(duplicate_keys(value_node))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found.extend(duplicate_keys(item))
    return found


def locate_line(root: yaml.Node, path: PathSteps) -> int:
    """The line of the deepest node on `path` that exists (a mapping value's key line)."""
    node, line = root, root.start_mark.line + 1
    for step in path:
        found = _child(node, step)
        if found is None:
            break
        key_node, node = found
        # A block mapping or list starts on the line below its key: point at the key.
        line = (key_node or node).start_mark.line + 1
    return line


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(the key node or None, the value node) one step down, or None if absent."""
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        return (None, node.value[step]) if 0 <= step < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(step):
                return key_node, value_node
    return None
