"""Survey definitions as YAML files in surveys/: read, check, and store as versions.

A definition's content hash decides whether storing it makes a new version: the same
file stored twice changes nothing, an edited one becomes version N+1.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, func, select

from voice import PROJECT_ROOT
from voice.models import Question, Survey, SurveyVersion

SURVEY_DIR = PROJECT_ROOT / "surveys"
QUESTION_TYPES = ("single_choice", "multiple_choice", "face_scale", "yes_no", "yes_no_not_sure",
                  "scale_0_10", "short_text", "long_text", "month_year", "number")


class InvalidSurvey(ValueError):
    """A survey file that cannot be used; the message names the file and question."""


def read_survey_file(path: Path) -> dict[str, Any]:
    """Parse and check one survey YAML file."""
    try:
        definition = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        raise InvalidSurvey(f"{path.name}: not valid YAML ({error})") from error
    check_definition(definition, path.name)
    return definition


def check_definition(definition: Any, where: str) -> None:
    """Raise InvalidSurvey for the first thing wrong with a survey definition."""
    if not isinstance(definition, dict) or not definition.get("key"):
        raise InvalidSurvey(f"{where}: a survey needs a 'key'.")
    keys: set[str] = set()
    for position, question in enumerate(definition.get("questions") or [], start=1):
        key = question.get("key")
        if not key or key in keys:
            raise InvalidSurvey(f"{where}: question {position} needs a unique 'key'.")
        if question.get("type") not in QUESTION_TYPES:
            raise InvalidSurvey(f"{where}: question '{key}' has an unknown type {question.get('type')!r}.")
        keys.add(key)


def content_hash(definition: dict[str, Any]) -> str:
    """A stable hash of a definition's content."""
    return hashlib.sha256(json.dumps(definition, sort_keys=True).encode()).hexdigest()


def store_survey(session: Session, definition: dict[str, Any]) -> tuple[SurveyVersion, bool]:
    """Store a definition as the survey's newest version unless it is unchanged; return (version, created)."""
    survey = session.exec(select(Survey).where(Survey.key == definition["key"])).first()
    if survey is None:
        survey = Survey(key=definition["key"], title=definition["title"]["en"],
                        audience=definition.get("audience", ""))
        session.add(survey)
        session.flush()
    digest = content_hash(definition)
    latest = session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)
                          .order_by(SurveyVersion.version.desc())).first()
    if latest is not None and latest.content_hash == digest:
        return latest, False
    number = (session.scalar(select(func.max(SurveyVersion.version))
                             .where(SurveyVersion.survey_id == survey.id)) or 0) + 1
    version = SurveyVersion(survey_id=survey.id, version=number, definition=definition,
                            content_hash=digest)
    session.add(version)
    session.flush()
    for position, q in enumerate(definition.get("questions") or [], start=1):
        session.add(Question(survey_version_id=version.id, key=q["key"], position=position,
                             type=q["type"], required=bool(q.get("required")),
                             feeds=q.get("feeds"), definition=q))
    return version, True


def store_shipped_surveys(session: Session) -> int:
    """Store every survey in surveys/; return how many new versions were made."""
    return sum(store_survey(session, read_survey_file(p))[1] for p in sorted(SURVEY_DIR.glob("*.yaml")))
