"""Survey definitions as files: kept for existing imports; the code lives in voice.surveys."""

from voice.surveys import (QUESTION_TYPES, SURVEY_DIR, InvalidSurvey, check_definition,  # noqa: F401
                           content_hash, read_definition, read_survey_file, store_shipped_surveys,
                           store_survey)
