"""Which column of an import file holds each field: defaults, flags and a small YAML file.

A mapping names the file's column for each field (`text`, `date`, `author_role`,
`respondent_id`, `area`) and the columns that hold the people of the case (child, carers,
workers), whose names are redacted wherever they appear and are never stored. Fields left
unnamed fall back to columns called like the field; a field the user named must exist.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from voice.documents.errors import ImportRefused

FIELDS = ("text", "date", "author_role", "respondent_id", "area")
REQUIRED = ("text",)
NAMES = "names"
DEFAULT_NAME_COLUMNS = ("child_name", "carer_name", "worker_name", "names")


@dataclass(frozen=True)
class ColumnMapping:
    """The columns the user named (field -> column) and the columns holding names."""

    columns: dict[str, str] = field(default_factory=dict)
    name_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResolvedMapping:
    """The mapping matched to a file's header: field -> the header's own spelling."""

    columns: dict[str, str]
    name_columns: tuple[str, ...]


def _split_names(value: str | Iterable[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    return tuple(str(item).strip() for item in items if str(item).strip())


def _checked(pairs: dict[str, object]) -> ColumnMapping:
    """A ColumnMapping from field -> column pairs, refusing unknown fields."""
    columns, names = {}, ()
    for name, column in pairs.items():
        name = str(name).strip()
        if name == NAMES:
            names = _split_names(column)  # type: ignore[arg-type]
        elif name in FIELDS:
            if not str(column or "").strip():
                raise ImportRefused(f"The mapping for {name!r} names no column.")
            columns[name] = str(column).strip()
        else:
            raise ImportRefused(f"The mapping names an unknown field {name!r}; the fields are "
                                f"{', '.join(FIELDS)} and {NAMES}.")
    return ColumnMapping(columns, names)


def parse_column_flags(flags: Iterable[str]) -> ColumnMapping:
    """A mapping from flags like `text=Note` and `names=Child name,Carer name`."""
    pairs: dict[str, object] = {}
    for flag in flags:
        name, sep, column = flag.partition("=")
        if not sep:
            raise ImportRefused(f"Give each column as FIELD=COLUMN, for example text=Note (not {flag!r}).")
        pairs[name.strip()] = column
    return _checked(pairs)


def load_mapping_file(path: Path) -> ColumnMapping:
    """A mapping from YAML: `columns: {text: Note, ...}` and `names: [Child name, ...]`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise ImportRefused(f"The mapping file {path.name} cannot be read as YAML.") from None
    if not isinstance(data, dict):
        raise ImportRefused("The mapping file must hold `columns:` (field: column) and "
                            "optionally `names:` (a list of columns).")
    pairs = dict(data.get("columns") or {}) if "columns" in data else dict(data)
    if "names" in data and "columns" in data:
        pairs[NAMES] = data["names"] or []
    return _checked(pairs)


def combine(*mappings: ColumnMapping) -> ColumnMapping:
    """Later mappings override earlier ones field by field (flags over the file)."""
    columns: dict[str, str] = {}
    names: tuple[str, ...] = ()
    for mapping in mappings:
        columns.update(mapping.columns)
        names = mapping.name_columns or names
    return ColumnMapping(columns, names)


def resolve(mapping: ColumnMapping, found: list[str]) -> ResolvedMapping:
    """Match the mapping to the file's columns (ignoring case), or refuse the file up front."""
    by_key = {}
    for column in found:
        by_key.setdefault(column.casefold(), column)
    listed = ", ".join(repr(c) for c in found if c) or "none"
    named = {**mapping.columns, **{f"{NAMES}:{c}": c for c in mapping.name_columns}}
    absent = [column for column in named.values() if column.casefold() not in by_key]
    if absent:
        raise ImportRefused(f"The mapping names columns this file does not have: "
                            f"{', '.join(map(repr, absent))}. Columns found: {listed}.")
    columns = {}
    for name in FIELDS:
        wanted = mapping.columns.get(name, name)
        if wanted.casefold() in by_key:
            columns[name] = by_key[wanted.casefold()]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportRefused(f"The file has no {' or '.join(missing)} column. Columns found: {listed}. "
                            f"Name the column to use, for example --column {missing[0]}=Note.")
    wanted_names = mapping.name_columns or DEFAULT_NAME_COLUMNS
    names = tuple(by_key[c.casefold()] for c in wanted_names if c.casefold() in by_key)
    return ResolvedMapping(columns, names)
