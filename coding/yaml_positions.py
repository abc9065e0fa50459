"""YAML that remembers where things were written, so every problem can name its line and column.

Codebooks, survey definitions and indicator files all report errors by line; they share this
one parser and wrap its findings in their own error types.
"""

from typing import Any

import yaml

Path = tuple[str | int, ...]
Position = tuple[int | None, int | None]  # (line, column), both from 1


class YamlSyntaxError(ValueError):
    """Text that is not YAML; `problem` says what the parser objected to, `line`/`column` where."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None):
        super().__init__(problem)
        self.problem, self.line, self.column = problem, line, column


def parse(text: str) -> tuple[Any, yaml.Node | None]:
    """Plain data and the node tree it came from; (None, None) for an empty document."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return (None, None) if root is None else (loader.construct_document(root), root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlSyntaxError(str(error.problem or error.context),
                              mark.line + 1 if mark else None,
                              mark.column + 1 if mark else None) from error
    except yaml.YAMLError as error:
        raise YamlSyntaxError(str(error)) from error
    finally:
        loader.dispose()


def duplicate_keys(node: yaml.Node) -> list[tuple[int, int, str]]:
    """(line, column, message) for every mapping key written twice; YAML keeps only the last."""
    found: list[tuple[int, int, str]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                mark = key_node.start_mark
                found.append((mark.line + 1, mark.column + 1,
                              f"'{key_node.value}' is written twice here; keep one of them."))
            seen.add(key_node.value)
            found.extend(duplicate_keys(value_node))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found.extend(duplicate_keys(item))
    return found


def locate(root: yaml.Node, path: Path, *, scalars_at_value: bool = False) -> tuple[int, int]:
    """Line and column of the deepest node on `path` that exists.

    A block mapping or list starts on the line below its key, so those point at the key; with
    `scalars_at_value` a plain value points at itself (where a wrong value was typed).
    """
    node, marked = root, root
    for step in path:
        found = _child(node, step)
        if found is None:
            break
        key_node, node = found
        at_value = key_node is None or (scalars_at_value and isinstance(node, yaml.ScalarNode))
        marked = node if at_value else key_node
    return marked.start_mark.line + 1, marked.start_mark.column + 1


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(the key node or None, the value node) one step down, or None if absent."""
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        return (None, node.value[step]) if 0 <= step < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(step):
                return key_node, value_node
    return None
