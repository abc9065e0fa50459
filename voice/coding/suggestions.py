"""Rule and model suggestions for a document, stored as applications awaiting a decision.

Rules come from the newest codebook version (spaCy matchers, compiled once per version by
coding.suggest). The model is the one the "coding_train" job last trained for that version,
read from MODEL_DIR (instance/models): it scores each paragraph, and codes at or above the
threshold become suggestions with a confidence. Suggestions are made once per document and
version; what coders accept or reject is what the next training learns from.
"""

from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlmodel import Session, select

from coding.suggest import CodeModel, RuleSuggester, SuggestionError
from voice.coding.offsets import paragraph_spans
from voice.coding.versions import book_of, codes_of
from voice.models import CodeApplication, CodebookVersion, Document, Excerpt

THRESHOLD = 0.5


def model_dir(app: Flask) -> Path:
    """Where trained models live (MODEL_DIR, or instance/models); shared storage with many hosts."""
    path = Path(app.config.get("MODEL_DIR") or Path(app.instance_path) / "models")
    path.mkdir(parents=True, exist_ok=True)
    return path


def model_path(app: Flask, codebook_key: str, version: int) -> Path:
    """The model file for one codebook version."""
    return model_dir(app) / f"{codebook_key}-v{version}.joblib"


@lru_cache(maxsize=8)
def _load_model(path: str, mtime: float, codebook_key: str, version: int) -> CodeModel:
    """A saved model, cached until its file changes (mtime is part of the key)."""
    return CodeModel.load(path, codebook_key=codebook_key, codebook_version=version)


def current_model(app: Flask, codebook_key: str, version: int) -> CodeModel | None:
    """The trained model for this version, or None if there is none (or it cannot be used)."""
    path = model_path(app, codebook_key, version)
    if not path.exists():
        return None
    try:
        return _load_model(str(path), path.stat().st_mtime, codebook_key, version)
    except SuggestionError:
        return None  # another scikit-learn or codebook: train again


_SUGGESTERS: dict[tuple[int, str], RuleSuggester] = {}


def rule_suggester(version: CodebookVersion) -> RuleSuggester:
    """The version's rule suggester, built once per process."""
    key = (version.id, version.content_hash)
    if key not in _SUGGESTERS:
        _SUGGESTERS[key] = RuleSuggester(book_of(version))
    return _SUGGESTERS[key]


def _already_suggested(session: Session, document_id: int, version_id: int, source: str) -> bool:
    query = (select(sa.func.count()).select_from(CodeApplication)
             .join(Excerpt, Excerpt.id == CodeApplication.excerpt_id)
             .where(Excerpt.document_id == document_id,
                    CodeApplication.codebook_version_id == version_id,
                    CodeApplication.source == source))
    return session.exec(query).one() > 0


def make_suggestions(app: Flask, session: Session, document: Document,
                     version: CodebookVersion, book_key: str) -> int:
    """Store rule and model suggestions for the document once per version; how many were made."""
    codes = {code.key: code for code in codes_of(session, version.id)
             if code.status == "active" and code.details.get("codable", True)}
    found: list[tuple[int, int, str, str, float | None, str | None]] = []
    text = document.redacted_text
    if not _already_suggested(session, document.id, version.id, "rule"):
        for item in rule_suggester(version).suggest(text):
            found.append((item.start, item.end, item.code_key, "rule", None, item.matched[:200]))
    model = current_model(app, book_key, version.version)
    if model is not None and not _already_suggested(session, document.id, version.id, "model"):
        spans = paragraph_spans(text)
        predictions = model.predict([text[s:e] for s, e in spans], THRESHOLD) if spans else []
        for (start, end), predicted in zip(spans, predictions):
            found += [(start, end, key, "model", confidence, None) for key, confidence in predicted]
    return _store(session, document.id, version.id, codes, found)


def _store(session: Session, document_id: int, version_id: int, codes: dict[str, Any],
           found: list[tuple[int, int, str, str, float | None, str | None]]) -> int:
    excerpts: dict[tuple[int, int], Excerpt] = {}
    made = 0
    for start, end, key, source, confidence, matched in found:
        code = codes.get(key)
        if code is None:
            continue
        excerpt = excerpts.get((start, end))
        if excerpt is None:
            excerpt = excerpts[(start, end)] = Excerpt(document_id=document_id, start=start, end=end)
            session.add(excerpt)
            session.flush()
        session.add(CodeApplication(excerpt_id=excerpt.id, code_id=code.id,
                                    codebook_version_id=version_id, source=source,
                                    status="suggested", confidence=confidence, matched=matched))
        made += 1
    session.flush()
    return made
