"""Codebook codes as text for the embedding model, and topics matched to codes by cosine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

_WORD = re.compile(r"[a-z][a-z'-]+")


@dataclass(frozen=True)
class CodeMatch:
    """A code a topic resembles, with the cosine similarity of their embeddings."""

    code_key: str
    code_label: str
    score: float


def codable_codes(codebook: Any) -> list[Any]:
    """The codes a topic can be matched to: codable ones (headings only group others)."""
    if codebook is None:
        return []
    return [code for code in codebook.iter_codes() if code.codable]


def code_description(code: Any) -> str:
    """Label, definition and rule phrases in one text: MiniLM matches long descriptions best."""
    parts = [code.label.rstrip(".") + ".", code.definition.strip()]
    phrases = list(code.rules.phrases) + list(code.rules.lemmas)
    if phrases:
        parts.append("Often said: " + ", ".join(phrases) + ".")
    return " ".join(p for p in parts if p)


def seed_words(code: Any) -> list[str]:
    """Seed words for BERTopic's guided mode: the label's words, rule phrases and lemmas."""
    words = [w for w in _WORD.findall(code.label.lower()) if len(w) > 2]
    words += [phrase.lower() for phrase in code.rules.phrases]
    words += [lemma.lower() for lemma in code.rules.lemmas]
    return list(dict.fromkeys(words))  # de-duplicated, order kept


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows left as they are)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def topic_centroids(embeddings: np.ndarray, assignments: list[int],
                    topic_ids: list[int]) -> np.ndarray:
    """Each topic's mean document embedding, unit length, in topic_ids order."""
    labels = np.asarray(assignments)
    rows = [embeddings[labels == topic].mean(axis=0) for topic in topic_ids]
    return unit_rows(np.vstack(rows)) if rows else np.zeros((0, embeddings.shape[1]))


def similarity_matrix(topic_vectors: np.ndarray, code_vectors: np.ndarray) -> np.ndarray:
    """Cosine similarity of every topic (rows) to every code (columns)."""
    return unit_rows(topic_vectors) @ unit_rows(code_vectors).T


def match_codes(similarities: np.ndarray, codes: list[Any], threshold: float, floor: float,
                margin: float, max_matches: int = 3) -> list[list[CodeMatch]]:
    """For each topic, its matching codes best first (none: an emergent theme).

    A code matches at `threshold` or above; the best code also matches from `floor` up if it
    leads the runner-up by `margin` (a theme fragment resembles its own code clearly, though
    less strongly than a whole theme; a mixed topic resembles many codes a little).
    """
    matches: list[list[CodeMatch]] = []
    for row in similarities:
        order = list(np.argsort(-row))
        lead = row[order[0]] - (row[order[1]] if len(order) > 1 else 0.0)
        chosen = [i for i in order if row[i] >= threshold][:max_matches]
        if not chosen and row[order[0]] >= floor and lead >= margin:
            chosen = [order[0]]
        matches.append([CodeMatch(codes[i].key, codes[i].label, round(float(row[i]), 4))
                        for i in chosen])
    return matches
