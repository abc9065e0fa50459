"""Codebooks as REFI-QDA .qdc files: export valid against Codebook.xsd, import from other tools.

Imports are tolerant of what NVivo, ATLAS.ti, MAXQDA and QualCoder actually write: the 1.0 and
the older ATLAS.ti 0:4 namespaces, GUIDs with or without braces in any case, an empty <Sets/>,
short #rgb colours, and hierarchy written either as nested <Code> elements or as '::' or '.'
separators in the names of top-level codes ("Home::Safety", "Home.Safety").
"""

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from coding.codebook import (DEFAULT_COLOUR, Code, Codebook, InvalidCodebook, Rules,
                             codebook_data, codebook_from_data, stable_guid)
from coding.refi.common import (CODEBOOK_NAMESPACES, CODEBOOK_NS, ORIGIN, InvalidRefi, child,
                                children, local, namespace, parse_xml, read_guid, validate)
from coding.refi.descriptions import describe, parse_description

# A dot separates levels only between two non-space characters, so "St. Mary's" stays whole.
_DOTTED = re.compile(r"^[^.\s](?:[^.]*[^.\s])?(?:\.[^.\s](?:[^.]*[^.\s])?)+$")
_SHORT_COLOUR = re.compile(r"^#([0-9a-fA-F])([0-9a-fA-F])([0-9a-fA-F])$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def code_element(code: Code, ns: str) -> etree._Element:
    """A <Code> element (with nested children) in the codebook or project namespace."""
    element = etree.Element(f"{{{ns}}}Code", guid=code.guid, name=code.label,
                            isCodable="true" if code.codable else "false", color=code.colour)
    etree.SubElement(element, f"{{{ns}}}Description").text = describe(code)
    for sub in code.children:
        element.append(code_element(sub, ns))
    return element


def export_qdc(codebook: Codebook) -> bytes:
    """The codebook as a .qdc file (UTF-8 XML), checked against Codebook.xsd first."""
    if not codebook.codes:
        raise InvalidRefi("A REFI-QDA codebook needs at least one code; add a code first.")
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for code in codebook.codes:
        codes.append(code_element(code, CODEBOOK_NS))
    validate(root, "Codebook.xsd")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def import_qdc(data: bytes, key: str = "imported", title: str = "Imported codebook",
               version: int = 1) -> Codebook:
    """A Codebook from .qdc bytes; REFI-QDA carries no key, title or version, so pass them."""
    root = parse_xml(data, "codebook file")
    if local(root) != "CodeBook" or namespace(root) not in CODEBOOK_NAMESPACES:
        raise InvalidRefi("This is not a REFI-QDA codebook (.qdc): its root element should be "
                          f"<CodeBook> in {CODEBOOK_NS}. Export the codebook again as REFI-QDA.")
    codes = child(root, "Codes")
    return codebook_from_codes(codes, key, title, version)


def codebook_from_codes(codes: etree._Element | None, key: str, title: str,
                        version: int) -> Codebook:
    """A checked Codebook from a <Codes> element of a .qdc or a project.qde."""
    if codes is None or not children(codes, "Code"):
        raise InvalidRefi("The codebook has no codes; export it again with its codes.")
    nodes = _fold_flat_names([_read_node(element) for element in children(codes, "Code")], key)
    taken = {n.fields["key"] for n in _walk(nodes) if "key" in n.fields}
    codebook = Codebook(key=key, title=title, version=version,
                        codes=[_to_code(node, taken) for node in nodes])
    try:
        return codebook_from_data(codebook_data(codebook), source=title)
    except InvalidCodebook as error:
        raise InvalidRefi(" ".join(message for _line, message in error.errors)) from error


@dataclass
class _Node:
    """A code as read, before keys are given and flat names are folded into a tree."""

    guid: str
    label: str
    codable: bool = True
    colour: str = DEFAULT_COLOUR
    fields: dict[str, Any] = field(default_factory=dict)
    children: list["_Node"] = field(default_factory=list)
    placeholder: bool = False  # made up for a level named only inside "A::B"


def _read_node(element: etree._Element) -> _Node:
    name = (element.get("name") or "").strip()
    if not name:
        raise InvalidRefi("A <Code> has no name; give every code a name and export again.")
    description = child(element, "Description")
    return _Node(guid=read_guid(element) or "", label=name,
                 codable=(element.get("isCodable") or "true").strip().lower() not in ("false", "0"),
                 colour=_colour(element.get("color")),
                 fields=parse_description(description.text or "") if description is not None else {},
                 children=[_read_node(sub) for sub in children(element, "Code")])


def _colour(value: str | None) -> str:
    """#rrggbb in lower case from #rgb or #rrggbb; the default colour for anything else."""
    value = (value or "").strip()
    short = _SHORT_COLOUR.match(value)
    if short:
        value = "#" + "".join(digit * 2 for digit in short.groups())
    return value.lower() if _COLOUR.match(value) else DEFAULT_COLOUR


def _split_name(node: _Node) -> list[str]:
    """The levels a top-level code's name spells out; ours (with a key) are never split."""
    if "key" in node.fields:
        return [node.label]
    if "::" in node.label:
        parts = [part.strip() for part in node.label.split("::")]
    elif _DOTTED.match(node.label):
        parts = node.label.split(".")
    else:
        return [node.label]
    return parts if all(parts) else [node.label]


def _fold_flat_names(nodes: list[_Node], codebook_key: str) -> list[_Node]:
    """Top-level codes named "A::B" or "A.B" moved under A (made if absent), keeping order."""
    roots: list[_Node] = []
    by_path: dict[tuple[str, ...], _Node] = {}
    for node in nodes:
        path = tuple(_split_name(node))
        siblings = roots
        for depth in range(1, len(path)):
            parent = by_path.get(path[:depth])
            if parent is None:
                parent = _Node(guid=stable_guid("refi", codebook_key, *path[:depth]),
                               label=path[depth - 1], codable=False, placeholder=True)
                by_path[path[:depth]] = parent
                siblings.append(parent)
            siblings = parent.children
        node.label = path[-1]
        existing = by_path.get(path)
        if existing is not None and existing.placeholder:
            node.children = existing.children + node.children
            siblings[siblings.index(existing)] = node
        else:
            siblings.append(node)
        by_path[path] = node
    return roots


def _walk(nodes: list[_Node]) -> list[_Node]:
    return [found for node in nodes for found in [node] + _walk(node.children)]


def _to_code(node: _Node, taken: set[str]) -> Code:
    """A Code from a node, keeping our key if the file carried one, else one made from the label."""
    fields = node.fields
    key = fields.get("key") or _new_key(node.label, taken)
    rules = fields.get("rules", {})
    return Code(key=key, label=node.label, guid=node.guid, definition=fields.get("definition", ""),
                when_to_use=fields.get("when_to_use", ""),
                when_not_to_use=fields.get("when_not_to_use", ""),
                examples=fields.get("examples", []), colour=node.colour,
                dimensions=fields.get("dimensions", []),
                rules=Rules(**{name: list(value) for name, value in rules.items()}),
                codable=node.codable, children=[_to_code(sub, taken) for sub in node.children])


def _new_key(label: str, taken: set[str]) -> str:
    """A code key from a label: lower case and underscores, made unique with _2, _3 ..."""
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:70] or "code"
    base = base if base[0].isalpha() else f"code_{base}"
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}_{number}"
    taken.add(key)
    return key
