"""Read survey files (YAML or XLSForm) and store them as versions.

A definition's content hash decides whether storing it makes a new version: the same
file stored twice changes nothing, an edited one becomes version N+1, and responses keep
the version they answered.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

from voice import PROJECT_ROOT
from voice.models import Question, Survey, SurveyVersion
from voice.surveys.definition import check_definition, normalise
from voice.surveys.errors import InvalidSurvey
from voice.surveys.yaml_source import load_yaml

SURVEY_DIR = PROJECT_ROOT / "surveys"
YAML_SUFFIXES = (".yaml", ".yml")
XLSFORM_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".md")


def read_survey_file(path: Path) -> dict[str, Any]:
    """Parse and check one survey YAML file; return its normalised definition."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidSurvey([(None, f"Cannot read the file ({error.__class__.__name__}); "
                                    "check the path and that it is UTF-8 text.")], path.name) from error
    definition, locate = load_yaml(text, path.name)
    check_definition(definition, path.name, locate)
    return normalise(definition)


def read_definition(path: Path, key: str | None = None, audience: str | None = None) -> dict[str, Any]:
    """Read a YAML survey or an XLSForm (by its suffix) into a checked, normalised definition."""
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return read_survey_file(path)
    if suffix in XLSFORM_SUFFIXES:
        from voice.xlsform import read_xlsform  # pyxform loads slowly; only when needed

        return read_xlsform(path, key=key, audience=audience)
    allowed = ", ".join(YAML_SUFFIXES + XLSFORM_SUFFIXES)
    raise InvalidSurvey([(None, f"Cannot tell what kind of file this is; use one of: {allowed}.")],
                        path.name)


def content_hash(definition: dict[str, Any]) -> str:
    """A stable hash of a definition's content."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def store_survey(session: Session, definition: dict[str, Any]) -> tuple[SurveyVersion, bool]:
    """Store a definition as the survey's newest version unless it is unchanged; return (version, created)."""
    check_definition(definition, definition.get("key", "") if isinstance(definition, dict) else "")
    definition = normalise(definition)
    title = definition["title"][definition["languages"][0]]
    survey = session.exec(select(Survey).where(Survey.key == definition["key"])).first()
    if survey is None:
        survey = Survey(key=definition["key"], title=title, audience=definition["audience"])
        session.add(survey)
        session.flush()
    digest = content_hash(definition)
    latest = session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)
                          .order_by(SurveyVersion.version.desc())).first()
    if latest is not None and latest.content_hash == digest:
        return latest, False
    survey.title, survey.audience = title, definition["audience"]
    number = (session.scalar(select(func.max(SurveyVersion.version))
                             .where(SurveyVersion.survey_id == survey.id)) or 0) + 1
    version = SurveyVersion(survey_id=survey.id, version=number, definition=definition,
                            content_hash=digest)
    session.add(version)
    session.flush()
    for position, q in enumerate(definition["questions"], start=1):
        session.add(Question(survey_version_id=version.id, key=q["key"], position=position,
                             type=q["type"], required=q["required"], feeds=q.get("feeds"),
                             definition=q))
    session.flush()
    return version, True


def shipped_survey_paths() -> list[Path]:
    """The survey files shipped in surveys/, in name order."""
    return sorted(SURVEY_DIR.glob("*.yaml"))


def store_shipped_surveys(session: Session) -> int:
    """Store every survey in surveys/; return how many new versions were made."""
    return sum(store_survey(session, read_survey_file(p))[1] for p in shipped_survey_paths())
