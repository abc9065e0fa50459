"""REFI-QDA exchange with NVivo, ATLAS.ti, MAXQDA and QualCoder: .qdc codebooks, .qdpx projects."""

from coding.refi.common import InvalidRefi
from coding.refi.project import (VARIABLE_TYPES, RefiCase, RefiProject, RefiSelection, RefiSource,
                                 RefiUser, RefiVariable, check_project, splits_character)
from coding.refi.qdc import export_qdc, import_qdc
from coding.refi.qdpx import export_qdpx, import_qdpx

__all__ = ["VARIABLE_TYPES", "InvalidRefi", "RefiCase", "RefiProject", "RefiSelection",
           "RefiSource", "RefiUser", "RefiVariable", "check_project", "export_qdc", "export_qdpx",
           "import_qdc", "import_qdpx", "splits_character"]
