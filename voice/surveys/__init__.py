"""Survey definitions: the file format, its checks, reading and storing as versions.

Import from here; the modules inside are the format's parts (builtin types and options,
YAML positions, schema and meaning checks, normalising, storing).
"""

from voice.surveys.builtin import QUESTION_TYPES, builtin_options, text_direction
from voice.surveys.definition import check_definition, condition_holds, is_shown, normalise
from voice.surveys.errors import InvalidSurvey, SurveyError
from voice.surveys.store import (SURVEY_DIR, content_hash, read_definition, read_survey_file,
                                 shipped_survey_paths, store_shipped_surveys, store_survey)

__all__ = ["QUESTION_TYPES", "SURVEY_DIR", "InvalidSurvey", "SurveyError", "builtin_options",
           "check_definition", "condition_holds", "content_hash", "is_shown", "normalise",
           "read_definition", "read_survey_file", "shipped_survey_paths", "store_shipped_surveys",
           "store_survey", "text_direction"]
