"""Model settings chosen by corpus size, and the one error topic modelling raises."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

# Below this HDBSCAN finds one blob or nothing: with min_cluster_size 10 and 5-20 themes, fewer
# than ~50 documents cannot hold two clusters and an outlier margin.
MIN_DOCS = 50
# Redaction placeholders such as [ADDRESS] or [PERSON_1] would otherwise top every topic's words:
# tokens must be letters only and not start right after "[". A regex, not a function, so the
# vectorizer's settings survive BERTopic's JSON (safetensors) serialisation.
TOKEN_PATTERN = r"(?u)(?<!\[)\b[a-zA-Z][a-zA-Z]+\b"  # a regex for words, not a password  # nosec B105


class TopicError(Exception):
    """A topic model cannot be fitted, saved or loaded; the message says what to do."""


@dataclass(frozen=True)
class TopicParams:
    """Every setting of a fit, recorded with the run so it can be reproduced."""

    n_neighbors: int
    n_components: int
    min_cluster_size: int
    min_samples: int
    min_df: int
    ngram_max: int
    sample_above: int  # corpora larger than this are fitted on a sample, then transformed
    sample_size: int
    match_threshold: float
    match_floor: float
    match_margin: float
    zeroshot_min_similarity: float
    top_n_words: int = 10
    # HDBSCAN's cluster selection; params_for chooses it by corpus size (see there).
    cluster_selection_method: str = "eom"
    # c-TF-IDF's reduce_frequent_words: words every topic uses ("said", "agreed", "plan") stop
    # heading each topic's words (NPMI 0.54 -> 0.67 on the same run; bench/topics.py).
    reduce_frequent_words: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-ready data."""
        return asdict(self)


def params_for(n_docs: int, **overrides: Any) -> TopicParams:
    """Settings for a corpus of n_docs documents; keyword overrides replace any of them."""
    if n_docs < MIN_DOCS:
        raise TopicError(f"Topic modelling needs at least {MIN_DOCS} documents; this corpus has "
                         f"{n_docs}. Widen the filter (more authorities, areas or a longer "
                         "period).")
    params = TopicParams(
        # Few neighbours keep small corpora's themes apart; big corpora need more for UMAP to
        # see global structure instead of fragments (15 is UMAP's and BERTopic's default).
        n_neighbors=10 if n_docs < 1_000 else 15 if n_docs < 10_000 else 30,
        # HDBSCAN works best in few dimensions; 5 is BERTopic's tested default at every size.
        n_components=5,
        # About 2% of the corpus: a few hundred survey answers give 5-15 topics, not 40 tiny ones;
        # capped so a 25,000-document fit still finds themes held by ~1% of notes.
        min_cluster_size=max(10, min(250, round(n_docs * 0.02))),
        # Well below min_cluster_size so fewer documents are called noise (outliers are reassigned
        # afterwards anyway, but noise also shrinks the clusters' cores).
        min_samples=max(3, round(math.sqrt(n_docs) / 4)),
        # A word seen once is noise in a big corpus but may be the only clue in a small one.
        min_df=1 if n_docs < 1_000 else 3,
        ngram_max=2,
        # Above ~50k documents UMAP alone takes many minutes on two cores and memory grows
        # with the kNN graph; a 25k random sample holds every theme above ~0.1% share.
        sample_above=50_000,
        sample_size=25_000,
        # Measured with MiniLM (see match_codes): a topic centroid scores 0.46-0.71 against the
        # description of its own code, while topics mixing several themes score 0.33-0.42 against
        # many codes at once; small single-theme fragments score 0.32-0.43 against their code
        # but < 0.27 against any other. So: >= 0.45 is a match; 0.30-0.45 only with a clear lead.
        match_threshold=0.45,
        match_floor=0.30,
        match_margin=0.10,
        zeroshot_min_similarity=0.45,
        # A few hundred answers or notes on a handful of themes form clean density peaks, and
        # HDBSCAN's default "eom" returns one per theme (5 themes, 320 notes: purity 1.0, every
        # seeded topic matched to its code; "leaf" split them into fragments that matched none).
        # Thousands of case notes that each touch several themes instead sit in a few loose
        # regions, one per kind of writer: "eom" returns those (4 topics on 2,000 demo notes
        # written on 16 themes, NPMI 0.12), "leaf" the tight clusters inside them (18 topics,
        # NPMI 0.54; 0.67 with reduce_frequent_words): one theme a topic, which a researcher
        # can read and match to a code. min_cluster_size still bounds how small a leaf can be.
        cluster_selection_method="eom" if n_docs < 1_000 else "leaf",
    )
    return with_overrides(params, overrides)


def with_overrides(params: TopicParams, overrides: dict[str, Any]) -> TopicParams:
    """The params with some fields replaced; TopicError naming any unknown setting."""
    known = {f.name for f in fields(TopicParams)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise TopicError(f"Unknown topic setting(s): {', '.join(unknown)}. "
                         f"Known settings: {', '.join(sorted(known))}.")
    return replace(params, **overrides)
