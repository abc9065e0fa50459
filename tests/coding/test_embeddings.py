"""Embeddings from the packaged MiniLM, offline, and the content-hash cache."""

import os

import numpy as np
import pytest

from coding.embeddings import (EMBEDDING_DIM, EmbeddingError, MemoryCache, content_hash,
                               embed, embed_with_cache, load_embedding_model)


class CountingModel:
    """The real model, counting how many texts it is asked to embed."""

    def __init__(self, model):
        self.model = model
        self.embedded: list[str] = []

    def encode(self, texts, **options):
        """Embed with the real model, remembering the texts."""
        self.embedded.extend(texts)
        return self.model.encode(texts, **options)


@pytest.fixture(scope="module")
def model():
    """The packaged model (loaded once a process by load_embedding_model)."""
    return load_embedding_model()


@pytest.mark.slow
def test_model_loads_offline_and_embeds_unit_float32_rows(model):
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert load_embedding_model() is model  # once a process
    vectors = embed(["The boiler is broken.", "No heating in the flat.", "Football on Saturday."],
                    model)
    assert vectors.shape == (3, EMBEDDING_DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # similar meaning, closer


@pytest.mark.slow
def test_cache_embeds_only_new_texts(model):
    counting, cache = CountingModel(model), MemoryCache()
    first = embed_with_cache(["rent arrears", "black mould", "rent arrears"], cache.get, cache.put,
                             model=counting)
    assert counting.embedded == ["rent arrears", "black mould"]  # duplicates embedded once
    second = embed_with_cache(["black mould", "college course", "rent arrears"], cache.get,
                              cache.put, model=counting)
    assert counting.embedded[2:] == ["college course"]
    assert np.allclose(second[0], first[1]) and np.allclose(second[2], first[0])
    assert np.allclose(second, embed(["black mould", "college course", "rent arrears"], model),
                       atol=1e-5)
    assert len(cache.vectors) == 3


def test_content_hash_is_a_stable_sha256_of_the_text():
    assert content_hash("a note") == content_hash("a note")
    assert content_hash("a note") != content_hash("a note.")
    assert len(content_hash("a note")) == 64


def test_a_cache_of_another_model_needs_that_model():
    cache = MemoryCache()
    with pytest.raises(EmbeddingError, match="pass that model"):
        embed_with_cache(["a note"], cache.get, cache.put, model_name="other-model")


def test_empty_input_needs_no_model():
    cache = MemoryCache()
    assert embed([]).shape == (0, EMBEDDING_DIM)
    assert embed_with_cache([], cache.get, cache.put).shape == (0, EMBEDDING_DIM)
