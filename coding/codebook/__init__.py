"""Codebooks: plain dataclasses, YAML files checked line by line, and stable GUIDs."""

from coding.codebook.checks import CODEBOOK_DIR, SCHEMA_PATH, codebook_schema
from coding.codebook.errors import InvalidCodebook
from coding.codebook.files import (codebook_data, codebook_from_data, dump_codebook,
                                   load_codebook, shipped_codebooks)
from coding.codebook.model import (DEFAULT_COLOUR, DIMENSIONS, Code, Codebook, Rules, code_guid,
                                   is_guid, normalise_guid, stable_guid)

__all__ = ["CODEBOOK_DIR", "DEFAULT_COLOUR", "DIMENSIONS", "SCHEMA_PATH", "Code", "Codebook",
           "InvalidCodebook", "Rules", "code_guid", "codebook_data", "codebook_from_data",
           "codebook_schema", "dump_codebook", "is_guid", "load_codebook", "normalise_guid",
           "shipped_codebooks", "stable_guid"]
