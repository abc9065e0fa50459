"""The embedding cache in the database, and forgetting the documents a person takes back.

Rows of `embedding_cache` are keyed by the SHA-256 of the redacted text and the model's name,
so a second run over the same documents embeds only the new ones, and two models never mix.

`forget_documents(session, document_ids)` is what consent withdrawal and erasure call (issue 9):
it removes the documents' cached embeddings, their topic assignments and their place among a
topic's representative excerpts. Call it BEFORE the redacted text is erased, because the cache
is found through the hash of that text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
from flask import Flask
from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from coding.embeddings import MODEL_NAME, content_hash, embed_with_cache
from voice.db import session_scope
from voice.models import Document, DocumentTopic, EmbeddingCache, Topic

CHUNK = 256  # texts embedded between two progress reports (about 2 s of MiniLM on two cores)
_IN_BATCH = 500  # keys per IN (...) list: well inside SQLite's and PostgreSQL's limits


def _batches(items: Sequence[str], size: int = _IN_BATCH) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def cache_get(session: Session, hashes: list[str],
              model: str = MODEL_NAME) -> dict[str, np.ndarray]:
    """The cached vectors of these content hashes for `model`."""
    found: dict[str, np.ndarray] = {}
    for batch in _batches(hashes):
        rows = session.exec(select(EmbeddingCache).where(
            EmbeddingCache.model == model, EmbeddingCache.content_hash.in_(batch)))
        for row in rows:
            found[row.content_hash] = np.frombuffer(row.vector, dtype=np.float32, count=row.dim)
    return found


def cache_put(session: Session, vectors: dict[str, np.ndarray], model: str = MODEL_NAME) -> None:
    """Store new vectors; one already stored (by a run at the same time) is left as it is."""
    if not vectors:
        return
    rows = [{"content_hash": digest, "model": model, "dim": int(vector.shape[0]),
             "vector": np.asarray(vector, dtype=np.float32).tobytes()}
            for digest, vector in vectors.items()]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), _IN_BATCH):
        statement = insert(EmbeddingCache.__table__).values(rows[start:start + _IN_BATCH])
        session.execute(statement.on_conflict_do_nothing())


def embed_cached(app: Flask, texts: Sequence[str],
                 progress: Callable[[int, int], None] | None = None,
                 model: str = MODEL_NAME) -> tuple[np.ndarray, int]:
    """Embeddings of texts, through the cache; and how many had to be embedded afresh.

    Each chunk reads and writes in its own short transaction, so no session is held while the
    model computes, and a run stopped half-way keeps what it already embedded.
    """
    embedded = 0
    parts = []
    for start in range(0, len(texts), CHUNK):
        chunk = texts[start:start + CHUNK]
        fresh: list[int] = []

        def get(hashes: list[str]) -> dict[str, np.ndarray]:
            with session_scope(app) as session:
                return cache_get(session, hashes, model)

        def put(vectors: dict[str, np.ndarray]) -> None:
            fresh.append(len(vectors))
            with session_scope(app) as session:
                cache_put(session, vectors, model)

        parts.append(embed_with_cache(chunk, get, put, model_name=model))
        embedded += sum(fresh)
        if progress:
            progress(min(start + CHUNK, len(texts)), len(texts))
    vectors = np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)
    return vectors, embedded


def forget_embeddings(session: Session, hashes: Iterable[str]) -> int:
    """Delete the cached embeddings of these content hashes, for every model; how many went."""
    removed = 0
    for batch in _batches(sorted(set(hashes))):
        result = session.execute(delete(EmbeddingCache).where(
            EmbeddingCache.content_hash.in_(batch)))
        removed += result.rowcount or 0
    return removed


def forget_documents(session: Session, document_ids: Iterable[int]) -> dict[str, int]:
    """Remove documents from topic modelling: cached embeddings, assignments, excerpts shown.

    For withdrawn consent and erasure. Runs already finished keep their topics (they are
    published results), but no longer link to these documents. Joins the caller's transaction.
    """
    ids = sorted(set(document_ids))
    if not ids:
        return {"embeddings": 0, "assignments": 0, "excerpts": 0}
    texts = []
    for batch in _batches(ids):
        texts += session.exec(select(Document.redacted_text).where(Document.id.in_(batch))).all()
    embeddings = forget_embeddings(session, (content_hash(t) for t in texts if t))
    assignments = 0
    for batch in _batches(ids):
        result = session.execute(delete(DocumentTopic).where(DocumentTopic.document_id.in_(batch)))
        assignments += result.rowcount or 0
    excerpts = 0
    gone = set(ids)
    for topic in session.exec(select(Topic)):  # JSON lists: filtered here, portably
        kept = [i for i in topic.representative_document_ids if i not in gone]
        if len(kept) != len(topic.representative_document_ids):
            excerpts += len(topic.representative_document_ids) - len(kept)
            topic.representative_document_ids = kept
            session.add(topic)
    session.flush()
    return {"embeddings": embeddings, "assignments": assignments, "excerpts": excerpts}
