"""Save and load a topic run: BERTopic's safetensors files plus a JSON sidecar of our own.

The sidecar records the package versions, codebook, params, seed, topics and assignments, so a
reload gives back the whole TopicResult and a model from another version is refused clearly.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from coding.embeddings import go_offline, load_embedding_model, model_path
from coding.topics.codes import CodeMatch
from coding.topics.fit import package_versions
from coding.topics.params import TopicError
from coding.topics.result import Topic, TopicResult

SIDECAR = "seen_heard_topics.json"
FORMAT = 1
# A different version of these could read the safetensors files differently or embed new text
# differently from how the topics were fitted, so their versions must match to load.
_MUST_MATCH = ("bertopic", "sentence-transformers")


def save_model(result: TopicResult, path: str | Path) -> Path:
    """Write the run to the folder `path` (replacing it whole); nothing half-written is left."""
    if result.model is None:
        raise TopicError("This result holds no fitted model to save: fit it again, then save.")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".topics-", dir=target.parent))
    try:
        # The embedding model is named by its packaged folder, not copied: it ships with the app.
        result.model.save(str(staging / "model"), serialization="safetensors", save_ctfidf=True,
                          save_embedding_model=model_path())
        (staging / SIDECAR).write_text(json.dumps(sidecar(result), indent=1), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def sidecar(result: TopicResult) -> dict[str, Any]:
    """Everything but the BERTopic model and the texts, as JSON-ready data."""
    return {"format": FORMAT, "versions": result.versions, "seed": result.seed,
            "guidance": result.guidance, "params": result.params,
            "codebook": {"key": result.codebook_key, "version": result.codebook_version},
            "fitted_on": result.fitted_on, "assignments": result.assignments,
            "topics": [asdict(t) for t in result.topics]}


def read_sidecar(path: str | Path) -> dict[str, Any]:
    """The run's sidecar, checked against this install; TopicError saying what to do if not."""
    file = Path(path) / SIDECAR
    if not file.is_file():
        raise TopicError(f"No saved topic model at {path}: the run's files are missing. "
                         "Fit the run again.")
    data = json.loads(file.read_text(encoding="utf-8"))
    installed = package_versions()
    for name in _MUST_MATCH:
        saved = data.get("versions", {}).get(name)
        if saved != installed[name]:
            raise TopicError(f"This topic model was saved with {name} {saved}; this install has "
                             f"{installed[name]}. Fit the run again to use it here.")
    if data.get("format") != FORMAT:
        raise TopicError("This topic model was saved in another file format. Fit the run again.")
    return data


def load_model(path: str | Path, embedding_model: Any = None) -> TopicResult:
    """A saved run back as a TopicResult, its model loaded with our embedding model (no fetch)."""
    go_offline()  # before bertopic pulls in huggingface_hub, which reads the setting on import
    from bertopic import BERTopic
    data = read_sidecar(path)
    embedding_model = embedding_model if embedding_model is not None else load_embedding_model()
    model = BERTopic.load(str(Path(path) / "model"), embedding_model=embedding_model)
    topics = [Topic(**{**t, "words": [tuple(w) for w in t["words"]],
                       "matches": [CodeMatch(**m) for m in t["matches"]]})
              for t in data["topics"]]
    return TopicResult(data["assignments"], topics, data["params"], data["seed"],
                       data["guidance"], data["codebook"]["key"], data["codebook"]["version"],
                       data["versions"], data["fitted_on"], model)
