"""A RefiProject to and from the project.qde XML of a .qdpx (namespace urn:QDA-XML:project:1.0)."""

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from lxml import etree

from coding.codebook import Codebook, stable_guid
from coding.refi.common import (ORIGIN, PROJECT_NS, InvalidRefi, child, children, local,
                                read_guid)
from coding.refi.project import (VARIABLE_TYPES, RefiCase, RefiProject, RefiSelection,
                                 RefiSource, RefiUser, RefiVariable)
from coding.refi.qdc import code_element, codebook_from_codes

# Reads an internal file of the archive, given its path after "internal://".
ReadInternal = Callable[[str], str]


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{PROJECT_NS}}}{tag}", **attributes)


def text_path(source: RefiSource) -> str:
    """The internal file a source's plain text is stored in, as REFI-QDA names it."""
    return f"{source.guid}.txt"


def build_project(project: RefiProject) -> etree._Element:
    """The <Project> element; empty sections are left out because the XSD forbids them."""
    root = etree.Element(f"{{{PROJECT_NS}}}Project", nsmap={None: PROJECT_NS}, name=project.name,
                         origin=ORIGIN)
    if project.users:
        users = _sub(root, "Users")
        for user in project.users:
            _sub(users, "User", guid=user.guid, name=user.name)
    if project.codebook.codes:
        codes = _sub(_sub(root, "CodeBook"), "Codes")
        for code in project.codebook.codes:
            codes.append(code_element(code, PROJECT_NS))
    if project.variables:
        variables = _sub(root, "Variables")
        for variable in project.variables:
            element = _sub(variables, "Variable", guid=variable.guid, name=variable.name,
                           typeOfVariable=variable.type)
            if variable.description:
                _sub(element, "Description").text = variable.description
    if project.cases:
        _build_cases(_sub(root, "Cases"), project)
    if project.sources:
        sources = _sub(root, "Sources")
        for source in project.sources:
            _build_source(sources, source)
    if project.description:
        _sub(root, "Description").text = project.description
    return root


def _build_cases(cases: etree._Element, project: RefiProject) -> None:
    types = {variable.guid: variable.type for variable in project.variables}
    for case in project.cases:
        element = _sub(cases, "Case", guid=case.guid, name=case.name)
        for guid, value in case.values.items():
            holder = _sub(element, "VariableValue")
            _sub(holder, "VariableRef", targetGUID=guid)
            _sub(holder, f"{types[guid]}Value").text = _value_text(value)
        for guid in case.source_guids:
            _sub(element, "SourceRef", targetGUID=guid)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    # xsd:decimal has no exponent, so 1e-05 is written out as 0.00001.
    return format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)


def _build_source(sources: etree._Element, source: RefiSource) -> None:
    element = _sub(sources, "TextSource", guid=source.guid, name=source.name,
                   plainTextPath=f"internal://{text_path(source)}")
    for selection in source.selections:
        attributes = {"guid": selection.guid, "startPosition": str(selection.start),
                      "endPosition": str(selection.end)}
        coder = {"creatingUser": selection.coder_guid} if selection.coder_guid else {}
        chosen = _sub(element, "PlainTextSelection", **attributes, **coder)
        coding = _sub(chosen, "Coding", guid=stable_guid("coding", selection.guid), **coder)
        _sub(coding, "CodeRef", targetGUID=selection.code_guid)


def read_project(root: etree._Element, read_internal: ReadInternal, codebook_key: str,
                 codebook_title: str, codebook_version: int) -> RefiProject:
    """A RefiProject from a <Project> element; text sources are read through read_internal."""
    name = root.get("name") or "Imported project"
    codebook_element = child(root, "CodeBook")
    codes = child(codebook_element, "Codes") if codebook_element is not None else None
    codebook = (codebook_from_codes(codes, codebook_key, codebook_title, codebook_version)
                if codes is not None else Codebook(codebook_key, codebook_title, codebook_version))
    users = [RefiUser(read_guid(u) or "", u.get("name") or "") for u in _items(root, "Users", "User")]
    variables = [_read_variable(v) for v in _items(root, "Variables", "Variable")]
    sources = [_read_source(s, read_internal) for s in _items(root, "Sources", "TextSource")]
    known = {source.guid for source in sources}
    cases = [_read_case(c, known, {v.guid: v.type for v in variables})
             for c in _items(root, "Cases", "Case")]
    description = child(root, "Description")
    return RefiProject(name=name, codebook=codebook, users=users, sources=sources, cases=cases,
                       variables=variables,
                       description=(description.text or "") if description is not None else "")


def _items(root: etree._Element, section: str, name: str) -> list[etree._Element]:
    holder = child(root, section)
    return children(holder, name) if holder is not None else []


def _read_variable(element: etree._Element) -> RefiVariable:
    kind = element.get("typeOfVariable") or "Text"
    if kind not in VARIABLE_TYPES:
        raise InvalidRefi(f"Variable {element.get('name')!r} has the unknown type {kind!r}.")
    description = child(element, "Description")
    return RefiVariable(read_guid(element) or "", element.get("name") or "", kind,
                        (description.text or "") if description is not None else "")


def _read_source(element: etree._Element, read_internal: ReadInternal) -> RefiSource:
    guid = read_guid(element) or ""
    content = child(element, "PlainTextContent")
    path = element.get("plainTextPath")
    if content is not None:
        text = content.text or ""
    elif path and path.startswith("internal://"):
        text = read_internal(path[len("internal://"):])
    else:
        raise InvalidRefi(f"Source {element.get('name')!r} keeps its text outside the project "
                          f"({path or 'no path'}); export the project with its sources included.")
    selections = []
    for chosen in children(element, "PlainTextSelection"):
        selections.extend(_read_selection(chosen))
    return RefiSource(guid, element.get("name") or "", text, selections)


def _read_selection(element: etree._Element) -> list[RefiSelection]:
    """One RefiSelection per <Coding>: the first keeps the selection's GUID, others derive one."""
    guid = read_guid(element) or ""
    try:
        start, end = int(element.get("startPosition", "")), int(element.get("endPosition", ""))
    except ValueError as error:
        raise InvalidRefi("A text selection has no whole-number start or end position.") from error
    found = []
    for number, coding in enumerate(children(element, "Coding")):
        code_ref = child(coding, "CodeRef")
        if code_ref is None:
            continue
        code_guid = read_guid(code_ref, "targetGUID") or ""
        coder = read_guid(coding, "creatingUser", False) or read_guid(element, "creatingUser", False)
        own = guid if number == 0 else stable_guid("selection", guid, code_guid)
        found.append(RefiSelection(own, start, end, code_guid, coder))
    return found


def _read_case(element: etree._Element, known_sources: set[str], types: dict[str, str]) -> RefiCase:
    values: dict[str, Any] = {}
    for holder in children(element, "VariableValue"):
        ref = child(holder, "VariableRef")
        value = next((v for v in holder if local(v).endswith("Value")), None)
        if ref is not None and value is not None:
            guid = read_guid(ref, "targetGUID") or ""
            values[guid] = _parse_value(types.get(guid, "Text"), value.text or "")
    # A reference to a picture, PDF or other source we do not import is dropped with it.
    sources = [guid for ref in children(element, "SourceRef")
               if (guid := read_guid(ref, "targetGUID")) in known_sources]
    return RefiCase(read_guid(element) or "", element.get("name") or "", sources, values)


def _parse_value(kind: str, text: str) -> Any:
    """A variable's value as the Python type for its REFI-QDA type."""
    text = text.strip() if kind != "Text" else text
    try:
        if kind == "Boolean":
            return text.lower() in ("true", "1")
        if kind == "Integer":
            return int(text)
        if kind == "Float":
            return float(Decimal(text))
        if kind == "Date":
            return date.fromisoformat(text)
        if kind == "DateTime":
            return datetime.fromisoformat(re.sub(r"Z$", "+00:00", text))
    except (ValueError, ArithmeticError) as error:
        raise InvalidRefi(f"The value {text!r} is not a valid {kind}.") from error
    return text
