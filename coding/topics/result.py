"""What a topic fit returns: per-document topics, per-topic words, labels and code matches."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coding.topics.codes import CodeMatch


@dataclass
class Topic:
    """One topic: its words (c-TF-IDF and KeyBERT-inspired), size, excerpts and code matches."""

    id: int
    label: str
    words: list[tuple[str, float]]
    keybert_words: list[str]
    size: int
    representative_docs: list[str]
    matches: list[CodeMatch] = field(default_factory=list)

    @property
    def emergent(self) -> bool:
        """True when the topic resembles no code: a candidate for a new one."""
        return not self.matches

    @property
    def best_code(self) -> str | None:
        """The key of the closest code, or None for an emergent theme."""
        return self.matches[0].code_key if self.matches else None


@dataclass
class TopicResult:
    """A fitted topic model and everything a run records about it."""

    assignments: list[int]
    topics: list[Topic]
    params: dict[str, Any]
    seed: int
    guidance: str
    codebook_key: str | None
    codebook_version: int | None
    versions: dict[str, str]
    fitted_on: int  # documents the model was fitted on (a sample for large corpora)
    model: Any = None  # the BERTopic object; None when only the tables were kept
    texts: list[str] = field(default_factory=list, repr=False)
    embeddings: np.ndarray | None = field(default=None, repr=False)

    def topic(self, topic_id: int) -> Topic:
        """The topic with this id; KeyError if there is none."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(f"No topic {topic_id} in this run.")

    @property
    def emergent(self) -> list[Topic]:
        """Topics that match no code."""
        return [t for t in self.topics if t.emergent]

    def summary(self) -> list[dict[str, Any]]:
        """One plain row per topic (id, label, size, words, best code, score, emergent)."""
        return [{"topic": t.id, "label": t.label, "size": t.size,
                 "words": ", ".join(w for w, _ in t.words[:8]),
                 "code": t.best_code, "score": t.matches[0].score if t.matches else None,
                 "emergent": t.emergent} for t in self.topics]
