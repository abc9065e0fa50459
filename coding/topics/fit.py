"""Fit BERTopic on embedded texts, guided by a codebook, and line the topics up against codes.

bertopic, umap, hdbscan and torch are imported inside functions: importing them takes seconds
and `import coding` must stay light for the platform and its tests.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from importlib import metadata
from typing import Any

import numpy as np

from coding.embeddings import embed, go_offline, load_embedding_model
from coding.topics.codes import (code_description, codable_codes, match_codes, seed_words,
                                 similarity_matrix, topic_centroids)
from coding.topics.params import TOKEN_PATTERN, TopicError, TopicParams, params_for
from coding.topics.result import Topic, TopicResult

# Zero-shot vs guided, measured 2026-11-25 on the demo corpus (generate_all(2026): 794 notes, each
# on 2-4 of 16 themes) after redaction, with all three shipped codebooks' codable codes, seed 42.
# Purity = share of notes whose topic's majority theme is one of theme; NMI against first theme.
#   zeroshot (min similarity 0.45): 12 topics, purity 0.625, NMI 0.321, 8 topics matched to codes
#   guided (seed_topic_list):        4 topics, purity 0.591, NMI 0.323, 0 matched
#   no guidance:                     4 topics, purity 0.591, NMI 0.323, 0 matched
# Guided mode changed nothing measurable (its seed words barely move MiniLM embeddings), while
# zero-shot pulls clearly single-theme notes into code topics, so zero-shot is the default. On raw,
# unredacted text all three cluster by people's names (purity 0.53-0.55, NMI 0.13-0.14): redact
# first. Notes mixing themes still form broad per-cohort topics, which match no code strongly.
GUIDANCE_MODES = ("zeroshot", "guided", "none")
DEFAULT_GUIDANCE = "zeroshot"
_PACKAGES = ("bertopic", "sentence-transformers", "umap-learn", "hdbscan", "scikit-learn",
             "torch", "numpy")


def package_versions() -> dict[str, str]:
    """Versions of the packages a fit depends on, recorded with every run."""
    versions = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch so a fit with the same seed gives the same topics."""
    random.seed(seed)
    np.random.seed(seed)
    import torch
    torch.manual_seed(seed)


def settings_for(n_docs: int, overrides: dict[str, Any]) -> TopicParams:
    """Params for the documents actually fitted: a large corpus is fitted on a sample."""
    settings = params_for(n_docs, **overrides)
    if n_docs > settings.sample_above:
        settings = params_for(settings.sample_size, **overrides)
    return settings


def build_model(settings: TopicParams, seed: int, embedding_model: Any, guidance: str,
                codes: list[Any]) -> Any:
    """A BERTopic set up with our UMAP, HDBSCAN, vectorizer and the codebook's guidance."""
    from bertopic import BERTopic
    from bertopic.vectorizers import ClassTfidfTransformer
    from hdbscan import HDBSCAN
    from sklearn.feature_extraction.text import CountVectorizer
    from umap import UMAP
    if guidance not in GUIDANCE_MODES:
        raise TopicError(f"Guidance must be one of {', '.join(GUIDANCE_MODES)}, not {guidance!r}.")
    if settings.cluster_selection_method not in ("leaf", "eom"):
        raise TopicError("cluster_selection_method must be leaf or eom, not "
                         f"{settings.cluster_selection_method!r}.")
    # A fixed random_state makes UMAP deterministic (and single-threaded); HDBSCAN is
    # deterministic given its input, so the same seed gives the same topics.
    umap_model = UMAP(n_neighbors=settings.n_neighbors, n_components=settings.n_components,
                      min_dist=0.0, metric="cosine", random_state=seed)
    hdbscan_model = HDBSCAN(min_cluster_size=settings.min_cluster_size,
                            min_samples=settings.min_samples, metric="euclidean",
                            cluster_selection_method=settings.cluster_selection_method,
                            prediction_data=True)
    vectorizer = CountVectorizer(stop_words="english", min_df=settings.min_df,
                                 ngram_range=(1, settings.ngram_max), token_pattern=TOKEN_PATTERN)
    guided = {}
    if codes and guidance == "zeroshot":
        guided = {"zeroshot_topic_list": [code_description(c) for c in codes],
                  "zeroshot_min_similarity": settings.zeroshot_min_similarity}
    elif codes and guidance == "guided":
        guided = {"seed_topic_list": [seed_words(c) for c in codes]}
    return BERTopic(embedding_model=embedding_model, umap_model=umap_model,
                    hdbscan_model=hdbscan_model, vectorizer_model=vectorizer,
                    ctfidf_model=ClassTfidfTransformer(
                        reduce_frequent_words=settings.reduce_frequent_words),
                    top_n_words=settings.top_n_words, calculate_probabilities=False,
                    verbose=False, **guided)


def checked_embeddings(texts: list[str], embeddings: Any, embedding_model: Any) -> np.ndarray:
    """The given embeddings (one row per text) as float32, or freshly computed ones."""
    if embeddings is None:
        return embed(texts, model=embedding_model)
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise TopicError(f"Got {vectors.shape[0] if vectors.ndim else 0} embeddings for "
                         f"{len(texts)} texts: pass one embedding row per text, or none.")
    return vectors


def assign(topic_model: Any, texts: list[str], embeddings: np.ndarray, settings: TopicParams,
           seed: int) -> list[int]:
    """Fit and give every document a topic: directly, or on a sample and then `transform`."""
    # Guided mode nudges the embeddings it is given in place; keep the caller's intact.
    if len(texts) <= settings.sample_above:
        topics, _ = topic_model.fit_transform(texts, embeddings.copy())
        return [int(t) for t in topics]
    # Sampled fit rather than partial_fit: partial_fit needs IncrementalPCA + MiniBatchKMeans,
    # which force a fixed number of topics and lose HDBSCAN's outlier detection; a 25k random
    # sample keeps the same model quality as a small corpus and transform assigns the rest.
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(len(texts), size=settings.sample_size, replace=False))
    topic_model.fit([texts[i] for i in sample], embeddings[sample].copy())
    topics, _ = topic_model.transform(texts, embeddings)
    return [int(t) for t in topics]


def reduce_outliers(topic_model: Any, texts: list[str], assignments: list[int],
                    embeddings: np.ndarray) -> list[int]:
    """Outliers moved to their nearest topic by embedding; words recomputed for all documents."""
    if -1 in assignments and len(set(assignments)) > 1:
        assignments = [int(t) for t in topic_model.reduce_outliers(
            texts, assignments, strategy="embeddings", embeddings=embeddings)]
    # Words are computed here, once, for the final topics (also after a sampled fit, so they
    # describe the whole corpus); the KeyBERT aspect is added only now as it is the slow part.
    from bertopic.representation import KeyBERTInspired
    topic_model.update_topics(texts, topics=assignments,
                              vectorizer_model=topic_model.vectorizer_model,
                              ctfidf_model=topic_model.ctfidf_model,
                              representation_model={"KeyBERT": KeyBERTInspired()},
                              top_n_words=topic_model.top_n_words)
    return assignments


def describe_topics(topic_model: Any, texts: list[str], assignments: list[int],
                    embeddings: np.ndarray) -> tuple[list[Topic], np.ndarray]:
    """Each topic's words, KeyBERT words, size and most central excerpts; and the centroids."""
    topic_ids = sorted(set(assignments) - {-1})
    centroids = topic_centroids(embeddings, assignments, topic_ids)
    labels = np.asarray(assignments)
    aspects = topic_model.topic_aspects_.get("KeyBERT", {})
    topics = []
    for topic_id, centroid in zip(topic_ids, centroids):
        members = np.flatnonzero(labels == topic_id)
        central = members[np.argsort(-(embeddings[members] @ centroid))[:3]]
        words = [(w, round(float(s), 4)) for w, s in topic_model.get_topic(topic_id) or [] if w]
        topics.append(Topic(topic_id, ", ".join(w for w, _ in words[:4]), words,
                            [w for w, _ in aspects.get(topic_id, []) if w], len(members),
                            [texts[i] for i in central]))
    return topics, centroids


def fit_topics(texts: Sequence[str], embeddings: Any = None, codebook: Any = None,
               seed: int = 42, guidance: str = DEFAULT_GUIDANCE, embedding_model: Any = None,
               **params: Any) -> TopicResult:
    """Fit a topic model; every document gets a topic and every topic its closest codes."""
    texts = [str(t) for t in texts]
    settings = settings_for(len(texts), params)
    go_offline()  # before torch/bertopic import huggingface_hub, which reads it on import
    seed_everything(seed)
    embedding_model = embedding_model if embedding_model is not None else load_embedding_model()
    vectors = checked_embeddings(texts, embeddings, embedding_model)
    codes = codable_codes(codebook)
    topic_model = build_model(settings, seed, embedding_model, guidance, codes)
    assignments = assign(topic_model, texts, vectors, settings, seed)
    assignments = reduce_outliers(topic_model, texts, assignments, vectors)
    topics, centroids = describe_topics(topic_model, texts, assignments, vectors)
    if codes and topics:
        code_vectors = embed([code_description(c) for c in codes], model=embedding_model)
        matches = match_codes(similarity_matrix(centroids, code_vectors), codes,
                              settings.match_threshold, settings.match_floor,
                              settings.match_margin)
        for topic, topic_matches in zip(topics, matches):
            topic.matches = topic_matches
    return TopicResult(assignments, topics, settings.to_dict(), seed, guidance,
                       getattr(codebook, "key", None), getattr(codebook, "version", None),
                       package_versions(), min(len(texts), settings.sample_size)
                       if len(texts) > settings.sample_above else len(texts),
                       topic_model, texts, vectors)
