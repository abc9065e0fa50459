"""Add new documents to a fitted run without refitting: they join the nearest existing topics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from coding.topics.codes import CodeMatch
from coding.topics.fit import checked_embeddings, describe_topics, reduce_outliers
from coding.topics.params import TopicError
from coding.topics.result import TopicResult


def _nearest_topics(model: Any, vectors: np.ndarray, topics: list[int]) -> list[int]:
    """Topics for new documents: BERTopic's transform, any outlier moved to the closest topic."""
    if -1 not in topics:
        return topics
    known = sorted(set(model.topics_) - {-1})
    offset = 1 if -1 in set(model.topics_) else 0  # topic_embeddings_ row 0 is -1 when present
    topic_vectors = np.asarray(model.topic_embeddings_)[[t + offset for t in known]]
    nearest = np.argmax(vectors @ topic_vectors.T, axis=1)
    return [t if t != -1 else known[int(n)] for t, n in zip(topics, nearest)]


def add_documents(result: TopicResult, new_texts: Sequence[str], new_embeddings: Any,
                  texts: Sequence[str] | None = None, embeddings: Any = None) -> TopicResult:
    """The run with new documents assigned to its topics and every topic's words refreshed.

    Far cheaper than a refit: no UMAP or HDBSCAN, so a few new notes are added in seconds.
    `texts`/`embeddings` are the run's own documents when the result was loaded from disk.
    Refit when many new documents arrive: new themes only appear in a fresh fit.
    """
    if result.model is None:
        raise TopicError("This result holds no fitted model: load the saved run or fit again.")
    old_texts = list(texts) if texts is not None else result.texts
    old_vectors = embeddings if embeddings is not None else result.embeddings
    if len(old_texts) != len(result.assignments) or old_vectors is None:
        raise TopicError("Pass the run's own texts and embeddings, in their original order, "
                         "with the new documents.")
    new_texts = [str(t) for t in new_texts]
    new_vectors = checked_embeddings(new_texts, new_embeddings, None)
    predicted, _ = result.model.transform(new_texts, new_vectors)
    new_topics = _nearest_topics(result.model, new_vectors, [int(t) for t in predicted])
    all_texts = old_texts + new_texts
    all_vectors = np.vstack([np.asarray(old_vectors, dtype=np.float32), new_vectors])
    assignments = reduce_outliers(result.model, all_texts, list(result.assignments) + new_topics,
                                  all_vectors)
    topics, _ = describe_topics(result.model, all_texts, assignments, all_vectors)
    old_matches: dict[int, list[CodeMatch]] = {t.id: t.matches for t in result.topics}
    for topic in topics:
        topic.matches = old_matches.get(topic.id, [])  # the same topics, so the same codes
    return TopicResult(assignments, topics, result.params, result.seed, result.guidance,
                       result.codebook_key, result.codebook_version, result.versions,
                       result.fitted_on, result.model, all_texts, all_vectors)
