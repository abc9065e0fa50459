"""Benchmark: plain BERTopic vs our topic runs (first, and after new notes) vs LDA and NMF.

Run: .venv/bin/python bench/topics.py [--n 20000] [--new 1000]
Each model runs in its own process so its wall time and peak memory (max RSS) are its own; a
process pays its own model loading and numba compilation, as a real job would. Coherence (NPMI
over document co-occurrence of each topic's top 10 words, documents tokenised as the models
saw them) and diversity (unique top words / all
top words) are computed on the same redacted corpus for every model.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TOP_N = 10
STAGES = ("plain", "ours_first", "ours_added", "ours_refit", "lda", "nmf")


def make_corpus(n_docs: int, seed: int = 11) -> list[str]:
    """n_docs demo notes, redacted by replacing their labelled personal details with [LABEL]."""
    from voice.demo import generate_documents, generate_people
    people = generate_people(seed, max(50, n_docs // 2))
    texts = []
    for doc in generate_documents(seed, people):
        text = doc.text
        for span in sorted(doc.pii, key=lambda s: -s.start):  # from the end: offsets stay valid
            text = text[:span.start] + f"[{span.label}]" + text[span.end:]
        texts.append(text)
    if len(texts) < n_docs:
        raise SystemExit(f"Generated only {len(texts)} notes; ask for fewer.")
    return texts[:n_docs]


def disk_cache(folder: Path):
    """get/put functions over an .npz file: the stand-in for the platform's EmbeddingCache."""
    file = folder / "embeddings.npz"

    def load() -> dict[str, np.ndarray]:
        if not file.exists():
            return {}
        stored = np.load(file)
        return dict(zip(stored["hashes"].tolist(), stored["vectors"]))

    def get(hashes: list[str]) -> dict[str, np.ndarray]:
        stored = load()
        return {h: stored[h] for h in hashes if h in stored}

    def put(vectors: dict[str, np.ndarray]) -> None:
        merged = {**load(), **vectors}
        np.savez(file, hashes=np.array(list(merged)), vectors=np.vstack(list(merged.values())))
    return get, put


def top_words_of(result) -> list[list[str]]:
    """Each topic's top words from a TopicResult."""
    return [[w for w, _ in t.words[:TOP_N]] for t in result.topics]


def stage_plain(texts: list[str], n: int, folder: Path) -> list[list[str]]:
    """BERTopic as its README shows it, with the same (offline) embedding model."""
    from bertopic import BERTopic
    from coding.embeddings import load_embedding_model
    model = BERTopic(embedding_model=load_embedding_model())
    model.fit_transform(texts[:n])
    return [[w for w, _ in model.get_topic(t)[:TOP_N]] for t in model.get_topics() if t != -1]


def stage_ours_first(texts: list[str], n: int, folder: Path) -> list[list[str]]:
    """Our run on the first n notes: embeddings through the (empty) cache, fit, save."""
    from coding.embeddings import embed_with_cache
    from coding.topics import fit_topics, save_model
    get, put = disk_cache(folder)
    vectors = embed_with_cache(texts[:n], get, put)
    result = fit_topics(texts[:n], vectors, seed=42)
    save_model(result, folder / "run")
    return top_words_of(result)


def stage_ours_added(texts: list[str], n: int, folder: Path) -> list[list[str]]:
    """Our second run: load the saved run, embed only the new notes, add them to its topics."""
    from coding.embeddings import embed_with_cache, load_embedding_model
    from coding.topics import add_documents, load_model
    get, put = disk_cache(folder)
    vectors = embed_with_cache(texts, get, put)  # only the new notes are embedded
    result = load_model(folder / "run", embedding_model=load_embedding_model())
    updated = add_documents(result, texts[n:], vectors[n:], texts[:n], vectors[:n])
    return top_words_of(updated)


def stage_ours_refit(texts: list[str], n: int, folder: Path) -> list[list[str]]:
    """A full refit over old and new notes, every embedding from the cache."""
    from coding.embeddings import embed_with_cache
    from coding.topics import fit_topics
    get, put = disk_cache(folder)
    result = fit_topics(texts, embed_with_cache(texts, get, put), seed=42)
    return top_words_of(result)


def stage_sklearn(texts: list[str], n: int, folder: Path, kind: str) -> list[list[str]]:
    """scikit-learn LDA or NMF with as many topics as our first run found."""
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from coding.topics.params import TOKEN_PATTERN
    k = max(2, len(json.loads((folder / "ours_first.json").read_text())["topics"]))
    vectorizer_type = CountVectorizer if kind == "lda" else TfidfVectorizer
    vectorizer = vectorizer_type(stop_words="english", min_df=3, token_pattern=TOKEN_PATTERN)
    matrix = vectorizer.fit_transform(texts[:n])
    model = LatentDirichletAllocation(k, random_state=42) if kind == "lda" \
        else NMF(k, random_state=42, init="nndsvda", max_iter=400)
    model.fit(matrix)
    vocab = vectorizer.get_feature_names_out()
    return [[str(vocab[i]) for i in np.argsort(-row)[:TOP_N]] for row in model.components_]


def run_stage(stage: str, texts: list[str], n: int, folder: Path) -> None:
    """Run one stage in this process and write its figures to folder/<stage>.json."""
    start = time.perf_counter()
    if stage in ("lda", "nmf"):
        topics = stage_sklearn(texts, n, folder, stage)
    else:
        topics = globals()[f"stage_{stage}"](texts, n, folder)
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    (folder / f"{stage}.json").write_text(json.dumps(
        {"wall_s": wall, "peak_mb": peak_mb, "topics": topics}))


def npmi(topics: list[list[str]], texts: list[str]) -> float:
    """Mean NPMI of each topic's word pairs, from which documents contain which words.

    Documents are tokenised as every model here saw them (the same token pattern, English stop
    words removed), so a two-word term such as "speech language" (from "speech and language")
    is found where the model found it; read raw, it would count as never occurring.
    """
    from sklearn.feature_extraction.text import CountVectorizer
    from coding.topics.params import TOKEN_PATTERN
    words = sorted({w for topic in topics for w in topic})
    if not words:
        return float("nan")
    ngram = max(len(w.split()) for w in words)
    vectorizer = CountVectorizer(vocabulary=words, binary=True, ngram_range=(1, ngram),
                                 lowercase=True, stop_words="english", token_pattern=TOKEN_PATTERN)
    present = vectorizer.transform(texts).tocsc()
    index = {w: i for i, w in enumerate(words)}
    n = len(texts)
    scores = []
    for topic in topics:
        pairs = []
        for a, b in combinations(topic, 2):
            col_a, col_b = present[:, index[a]], present[:, index[b]]
            p_a, p_b = col_a.sum() / n, col_b.sum() / n
            p_ab = col_a.multiply(col_b).sum() / n
            pairs.append(-1.0 if p_ab == 0 else
                         (0.0 if p_ab == 1 else math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)))
        if pairs:
            scores.append(float(np.mean(pairs)))
    return float(np.mean(scores)) if scores else float("nan")


def diversity(topics: list[list[str]]) -> float:
    """Unique words among all topics' top words, as a share of all top words."""
    allwords = [w for topic in topics for w in topic]
    return len(set(allwords)) / len(allwords) if allwords else float("nan")


def main() -> None:
    """Generate the corpus, run every stage in its own process and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="notes in the first run")
    parser.add_argument("--new", type=int, default=1_000, help="notes added for the second run")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = make_corpus(args.n + args.new)
    if args.stage:
        return run_stage(args.stage, texts, args.n, Path(args.folder))
    folder = Path(tempfile.mkdtemp(prefix="bench-topics-"))
    machine = f"{platform.machine()}, {os.cpu_count()} cores"
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine}; "
          f"{args.n} notes + {args.new} new")
    rows = {}
    for stage in STAGES:
        subprocess.run([sys.executable, __file__, "--n", str(args.n), "--new", str(args.new),
                        "--stage", stage, "--folder", str(folder)], check=True)
        figures = json.loads((folder / f"{stage}.json").read_text())
        corpus = texts if stage in ("ours_added", "ours_refit") else texts[:args.n]
        rows[stage] = (figures["wall_s"], npmi(figures["topics"], corpus))
        print(f"{stage:11s} wall {figures['wall_s']:7.1f} s  peak {figures['peak_mb']:6.0f} MB  "
              f"topics {len(figures['topics']):3d}  NPMI {rows[stage][1]:6.3f}  "
              f"diversity {diversity(figures['topics']):.3f}", flush=True)
    print_targets(rows)


def print_targets(rows: dict[str, tuple[float, float]]) -> None:
    """The issue's three targets, each with its measured figure and whether it was met."""
    first = rows["ours_first"][0] / rows["plain"][0]
    added = rows["plain"][0] / rows["ours_added"][0]
    baseline = max(rows["lda"][1], rows["nmf"][1])
    for text, ok in ((f"(b) ours first <= 1.2x plain: {first:.2f}x", first <= 1.2),
                     (f"(c) ours after new notes >= 5x faster than plain: {added:.1f}x",
                      added >= 5),
                     (f"NPMI ours {rows['ours_first'][1]:.3f} >= LDA/NMF {baseline:.3f}",
                      rows["ours_first"][1] >= baseline)):
        print(f"- {text}: {'met' if ok else 'NOT met'}")

if __name__ == "__main__":
    main()
