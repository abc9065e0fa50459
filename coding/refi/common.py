"""What every REFI-QDA reader and writer shares: the error, namespaces, a safe parser, the XSDs."""

from functools import cache
from pathlib import Path

from lxml import etree

from coding.codebook import is_guid, normalise_guid

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "data" / "refi-qda"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
# ATLAS.ti 8 and 9 wrote codebooks in this pre-1.0 namespace; the element names are the same.
LEGACY_CODEBOOK_NS = "urn:QDA-XML:codebook:0:4"
CODEBOOK_NAMESPACES = (CODEBOOK_NS, LEGACY_CODEBOOK_NS, PROJECT_NS)
ORIGIN = "Seen & Heard"


class InvalidRefi(ValueError):
    """A REFI-QDA file that cannot be read, or a project that cannot be exported; says what to do."""


@cache
def _schema(name: str) -> etree.XMLSchema:
    """One of the official XSDs shipped in coding/data/refi-qda/, parsed once."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name)))


def validate(root: etree._Element, xsd: str) -> None:
    """Raise InvalidRefi unless the tree is valid against Codebook.xsd or Project.xsd."""
    schema = _schema(xsd)
    if not schema.validate(root):
        first = schema.error_log.filter_from_errors()[0]
        raise InvalidRefi(f"The export does not match the REFI-QDA {xsd} (line {first.line}: "
                          f"{first.message}); this is a fault in Seen & Heard, please report it.")


def parse_xml(data: bytes, what: str) -> etree._Element:
    """Parse XML bytes with entities, DTDs and network access all off (no XXE, no bombs)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_blank_text=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise InvalidRefi(f"The {what} is not well-formed XML ({error.msg}); "
                          "export it again from the program that made it.") from error
    if root is None:
        raise InvalidRefi(f"The {what} is empty; export it again from the program that made it.")
    return root


def local(element: etree._Element) -> str:
    """An element's name without its namespace."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def namespace(element: etree._Element) -> str:
    """An element's namespace URI, or '' if it has none."""
    return etree.QName(element).namespace or ""


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with this local name, whatever their namespace."""
    return [child for child in element if local(child) == name]


def child(element: etree._Element, name: str) -> etree._Element | None:
    """The first direct child with this local name, or None."""
    found = children(element, name)
    return found[0] if found else None


def read_guid(element: etree._Element, attribute: str = "guid", required: bool = True) -> str | None:
    """A GUID attribute normalised to lower case without braces; InvalidRefi if malformed."""
    value = element.get(attribute)
    if value is None or not value.strip():
        if required:
            raise InvalidRefi(f"A <{local(element)}> has no {attribute}; the file is incomplete.")
        return None
    if not is_guid(value):
        raise InvalidRefi(f"A <{local(element)}> has {attribute}={value!r}, which is not a GUID.")
    return normalise_guid(value)
