"""The shipped indicator definitions, validated against what this database knows.

Surveys and codebooks come from the database (a survey's newest version) and the shipped
files, so an indicator may be defined before anyone has answered or coded with them; topic
runs are the finished ones, named `run-<id>`.
"""

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from coding.codebook.checks import CODEBOOK_DIR
from coding.codebook.files import shipped_codebooks
from coding.indicators import IndicatorDefinition, load_definitions
from voice.models import Code, Codebook, CodebookVersion, Survey, SurveyVersion, Topic, TopicRun
from voice.surveys.builtin import BUILTIN_VALUES, SCALE_RANGE
from voice.surveys.store import read_survey_file, shipped_survey_paths

DEFINITIONS_DIR = CODEBOOK_DIR / "indicators"


def definitions(session: Session, directory: Path = DEFINITIONS_DIR) -> dict[str, IndicatorDefinition]:
    """Every definition in `directory` by id; IndicatorError lists any problem with file and line."""
    return {d.id: d for d in load_definitions(directory, known(session))}


def definition_version(definition: IndicatorDefinition) -> str:
    """A definition's version: the SHA-256 of its file, so a manifest pins the exact text."""
    return hashlib.sha256(Path(definition.path).read_bytes()).hexdigest()


def known(session: Session) -> dict[str, dict]:
    """The surveys, codebooks and runs an indicator may name, as coding.indicators expects."""
    return {"surveys": _surveys(session), "codebooks": _codebooks(session), "runs": _runs(session)}


def codebook_versions(session: Session) -> dict[str, int]:
    """The newest stored version number of each codebook (absent: not yet stored)."""
    rows = session.exec(select(Codebook.key, CodebookVersion.version)
                        .join(CodebookVersion, CodebookVersion.codebook_id == Codebook.id)).all()
    newest: dict[str, int] = {}
    for key, version in rows:
        newest[key] = max(version, newest.get(key, 0))
    return newest


def _surveys(session: Session) -> dict[str, dict[str, list[str] | None]]:
    """Question keys and their answer values (None: any value) of each survey's newest version."""
    rows = session.exec(select(Survey.key, SurveyVersion.version, SurveyVersion.definition)
                        .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)).all()
    newest: dict[str, tuple[int, dict]] = {}
    for key, version, definition in rows:
        if key not in newest or version > newest[key][0]:
            newest[key] = (version, definition)
    stored = {key: {q["key"]: _values(q) for q in definition.get("questions", [])}
              for key, (_, definition) in newest.items()}
    return {**_shipped_surveys(), **stored}


@lru_cache(maxsize=1)
def _shipped_surveys() -> dict[str, dict[str, list[str] | None]]:
    """Questions and values of the surveys shipped in surveys/ (read once per process)."""
    surveys = {}
    for path in shipped_survey_paths():
        definition = read_survey_file(path)
        surveys[definition["key"]] = {q["key"]: _values(q) for q in definition["questions"]}
    return surveys


def _values(question: dict[str, Any]) -> list[str] | None:
    """The answer values a question accepts, as text; None when any value is possible."""
    if question.get("options"):
        return [str(o["value"]) for o in question["options"]]
    if question["type"] in BUILTIN_VALUES:
        return [str(v) for v in BUILTIN_VALUES[question["type"]]]
    if question["type"] == "scale_0_10":
        return [str(v) for v in range(SCALE_RANGE[0], SCALE_RANGE[1] + 1)]
    return None


def _codebooks(session: Session) -> dict[str, list[str]]:
    """Code keys of every stored and shipped codebook."""
    books: dict[str, set[str]] = {}
    for book in shipped_codebooks():
        books.setdefault(book.key, set()).update(_code_keys(book.codes))
    rows = session.exec(select(Codebook.key, Code.key)
                        .join(CodebookVersion, CodebookVersion.codebook_id == Codebook.id)
                        .join(Code, Code.codebook_version_id == CodebookVersion.id)).all()
    for book_key, code_key in rows:
        books.setdefault(book_key, set()).add(code_key)
    return {key: sorted(codes) for key, codes in books.items()}


def _code_keys(codes: list) -> set[str]:
    """Every key in a tree of codebook codes."""
    keys: set[str] = set()
    for code in codes:
        keys.add(code.key)
        keys |= _code_keys(code.children)
    return keys


def _runs(session: Session) -> dict[str, list[str]]:
    """Finished topic runs as `run-<id>` with their topics (`topic_<n>` and matched code keys)."""
    rows = session.exec(select(TopicRun.id, Topic.number, Topic.matched_code_key)
                        .join(Topic, Topic.run_id == TopicRun.id)
                        .where(TopicRun.status == "done")).all()
    runs: dict[str, list[str]] = {}
    for run_id, number, matched in rows:
        runs.setdefault(f"run-{run_id}", []).extend([f"topic_{number}", *([matched] if matched else [])])
    return runs
