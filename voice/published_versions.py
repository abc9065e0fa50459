"""Published survey versions, read once per process and database, ready for checking answers.

A published version never changes (a change to a survey makes a new version), and a survey's
key never changes, so both can be kept for the life of the process. Storing a response then
needs no query for the survey or its definition. The cache is kept per engine, so two apps
(or two test databases) in one process never see each other's ids. Only what was found is
kept: a version published after a miss is found on the next request.
"""

import threading
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from voice.models import Survey, SurveyVersion
from voice.surveys.builtin import TEXT_TYPES


@dataclass(frozen=True)
class PublishedVersion:
    """One published survey version with what checking answers needs worked out once."""

    id: int
    survey_id: int
    survey_key: str
    version: int
    definition: dict[str, Any]
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)  # by key, in order
    text_keys: tuple[str, ...] = ()  # free-text questions, in order: encrypted and checked


@dataclass
class _EngineCache:
    by_id: dict[int, PublishedVersion] = field(default_factory=dict)
    by_number: dict[tuple[int, int], PublishedVersion] = field(default_factory=dict)
    by_key: dict[tuple[str, int], PublishedVersion] = field(default_factory=dict)


_caches: "WeakKeyDictionary[Engine, _EngineCache]" = WeakKeyDictionary()
_lock = threading.Lock()


def _cache(session: Session) -> _EngineCache:
    engine = session.get_bind().engine  # a Connection bind has an engine too
    with _lock:
        return _caches.setdefault(engine, _EngineCache())


def _published(row: Any) -> PublishedVersion:
    definition = row.definition
    questions = {q["key"]: q for q in definition["questions"]}
    return PublishedVersion(
        id=row.id, survey_id=row.survey_id, survey_key=row.key, version=row.version,
        definition=definition, questions=questions,
        text_keys=tuple(k for k, q in questions.items() if q["type"] in TEXT_TYPES))


def _load(session: Session, *where: Any) -> PublishedVersion | None:
    table, surveys = SurveyVersion.__table__, Survey.__table__
    query = (sa.select(table.c.id, table.c.survey_id, table.c.version, table.c.definition,
                       surveys.c.key)
             .join(surveys, surveys.c.id == table.c.survey_id).where(*where))
    row = session.connection().execute(query).first()
    return _published(row) if row is not None else None


def _remember(cache: _EngineCache, found: PublishedVersion | None) -> PublishedVersion | None:
    if found is not None:
        with _lock:
            cache.by_id[found.id] = found
            cache.by_number[(found.survey_id, found.version)] = found
            cache.by_key[(found.survey_key, found.version)] = found
    return found


def version_by_number(session: Session, survey_id: int, number: int) -> PublishedVersion | None:
    """Version `number` of the survey, or None if it was never published."""
    cache = _cache(session)
    found = cache.by_number.get((survey_id, number))
    if found is None:
        table = SurveyVersion.__table__
        found = _remember(cache, _load(session, table.c.survey_id == survey_id,
                                       table.c.version == number))
    return found


def version_by_key(session: Session, survey_key: str, number: int) -> PublishedVersion | None:
    """Version `number` of the survey with this key, or None if it was never published."""
    cache = _cache(session)
    found = cache.by_key.get((survey_key, number))
    if found is None:
        found = _remember(cache, _load(session, Survey.__table__.c.key == survey_key,
                                       SurveyVersion.__table__.c.version == number))
    return found


def version_by_id(session: Session, version_id: int) -> PublishedVersion:
    """The published version with this id; raise LookupError if there is none."""
    cache = _cache(session)
    found = cache.by_id.get(version_id) or _remember(
        cache, _load(session, SurveyVersion.__table__.c.id == version_id))
    if found is None:
        raise LookupError(f"There is no survey version {version_id}.")
    return found


def as_published(session: Session, version: "SurveyVersion | PublishedVersion") -> PublishedVersion:
    """The cached form of a version given as a table row or already cached."""
    if isinstance(version, PublishedVersion):
        return version
    return version_by_id(session, version.id)
