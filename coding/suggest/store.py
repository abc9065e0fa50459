"""Saving and loading suggestion models: joblib plus a JSON sidecar naming the versions.

The sidecar is read first, so a model from another scikit-learn or codebook version is refused
before anything is unpickled (a pickle from another scikit-learn may load wrongly or not at all),
and the joblib file's SHA-256 must match the sidecar's.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from coding.suggest.errors import ModelVersionError, SuggestionError
from coding.suggest.model import CodeModel

FORMAT = 1


def sidecar_path(path: str | Path) -> Path:
    """The JSON sidecar next to a model file: model.joblib -> model.joblib.json."""
    path = Path(path)
    return path.with_name(path.name + ".json")


def _sha256(path: Path) -> str:
    """The file's SHA-256 in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(model: CodeModel, path: str | Path) -> None:
    """Write the model with joblib, then its sidecar of versions and checksum."""
    import joblib
    import sklearn

    path = Path(path)
    joblib.dump(model, path, compress=3)
    meta = {"format": FORMAT, "sklearn": sklearn.__version__,
            "codebook_key": model.codebook_key, "codebook_version": model.codebook_version,
            "codes": model.codes, "skipped": model.skipped, "seed": model.seed,
            "n_examples": model.n_examples, "sha256": _sha256(path)}
    sidecar_path(path).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", "utf-8")


def read_sidecar(path: str | Path) -> dict[str, Any]:
    """The sidecar's versions; SuggestionError if it is missing or unreadable."""
    side = sidecar_path(path)
    try:
        meta = json.loads(side.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SuggestionError(f"Could not read {side.name} ({type(error).__name__}); retrain the "
                              "model to write it again.") from error
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise SuggestionError(f"{side.name} is not a suggestion model description; retrain.")
    return meta


def check_versions(meta: dict[str, Any], codebook_key: str, codebook_version: int) -> None:
    """ModelVersionError when the saved model is for other software or another codebook."""
    import sklearn

    if meta.get("sklearn") != sklearn.__version__:
        raise ModelVersionError(f"The model was trained with scikit-learn {meta.get('sklearn')} "
                                f"but {sklearn.__version__} is installed; retrain the model.")
    saved = (meta.get("codebook_key"), meta.get("codebook_version"))
    if saved != (codebook_key, codebook_version):
        raise ModelVersionError(f"The model is for codebook {saved[0]} version {saved[1]}, not "
                                f"{codebook_key} version {codebook_version}; retrain it for "
                                "this version.")


def load_model(path: str | Path, *, codebook_key: str, codebook_version: int) -> CodeModel:
    """The saved model, after its sidecar's versions and checksum have been checked."""
    import joblib

    path = Path(path)
    meta = read_sidecar(path)
    check_versions(meta, codebook_key, codebook_version)
    if not path.is_file() or _sha256(path) != meta.get("sha256"):
        raise SuggestionError(f"{path.name} is missing or does not match its sidecar; retrain.")
    model = joblib.load(path)
    if not isinstance(model, CodeModel):
        raise SuggestionError(f"{path.name} does not hold a suggestion model; retrain.")
    return model
