"""A suggestion model per codebook version: TF-IDF and a calibrated linear classifier per code.

Trained on coders' decisions: accepted excerpts are positives for their codes, and a rejected
suggestion is a negative for its code. Every other excerpt is a negative for the codes it lacks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from coding.suggest.errors import SuggestionError
from coding.suggest.scorer import LinearScorer, flatten_checked

MIN_POSITIVES = 10
CALIBRATION_FOLDS = 3


@dataclass(frozen=True)
class TrainingExample:
    """An excerpt's text, the codes coders accepted for it and the suggestions they rejected."""

    text: str
    codes: frozenset[str] = frozenset()
    rejected: frozenset[str] = frozenset()


@dataclass
class CodeModel:
    """A trained model for one codebook version; predicts codes with a confidence."""

    codebook_key: str
    codebook_version: int
    codes: list[str]
    vectorizer: Any  # the fitted TfidfVectorizer
    scorer: LinearScorer
    skipped: dict[str, int] = field(default_factory=dict)  # code -> positives, too few to train
    seed: int = 42
    n_examples: int = 0

    def probabilities(self, texts: Sequence[str]) -> Any:
        """A texts × codes array of calibrated probabilities."""
        if isinstance(texts, str):  # a lone string would be read as a list of characters
            raise SuggestionError("Pass a list of texts, not a single text: model.predict([text]).")
        return self.scorer.probabilities(self.vectorizer.transform(list(texts)))

    def predict(self, texts: Sequence[str],
                threshold: float = 0.5) -> list[list[tuple[str, float]]]:
        """For each text, the codes at or above the threshold with their confidence, best first."""
        check_threshold(threshold)
        result = []
        for row in self.probabilities(texts).tolist():
            found = [(code, round(p, 6)) for code, p in zip(self.codes, row) if p >= threshold]
            result.append(sorted(found, key=lambda item: (-item[1], item[0])))
        return result

    def uncertainty(self, texts: Sequence[str]) -> list[float]:
        """Per text, 1 − 2 × the smallest margin of any code's probability from 0.5 (1 = unsure)."""
        # The least settled code decides: a document needs a coder if any code is a toss-up.
        margins = abs(self.probabilities(texts) - 0.5).min(axis=1)
        return [round(float(1 - 2 * margin), 6) for margin in margins]

    def uncertain_first(self, texts: Sequence[str]) -> list[int]:
        """Indexes of the texts, most uncertain first (ties in the given order)."""
        scores = self.uncertainty(texts)
        return sorted(range(len(scores)), key=lambda index: (-scores[index], index))

    def save(self, path: Any) -> None:
        """Write the model with joblib and a JSON sidecar of the versions it belongs to."""
        from coding.suggest.store import save_model

        save_model(self, path)

    @classmethod
    def load(cls, path: Any, *, codebook_key: str, codebook_version: int) -> CodeModel:
        """Read a saved model; ModelVersionError if it is for another sklearn or codebook."""
        from coding.suggest.store import load_model

        return load_model(path, codebook_key=codebook_key, codebook_version=codebook_version)


def check_threshold(threshold: float) -> None:
    """SuggestionError unless the threshold is a probability between 0 and 1."""
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise SuggestionError(f"The threshold must be a number from 0 to 1, not {threshold!r}.")


def label_matrix(examples: Sequence[TrainingExample], codes: list[str]) -> Any:
    """A texts × codes 0/1 array of accepted codes (rejected ones stay 0: explicit negatives)."""
    import numpy as np

    column = {code: index for index, code in enumerate(codes)}
    labels = np.zeros((len(examples), len(codes)), dtype=np.int8)
    for row, example in enumerate(examples):
        for code in example.codes & column.keys():
            labels[row, column[code]] = 1
    return labels


def check_examples(examples: Sequence[TrainingExample]) -> None:
    """SuggestionError when an example is empty or both accepts and rejects one code."""
    if not examples:
        raise SuggestionError("There are no coded excerpts to train on yet: code some documents "
                              "or accept some suggestions first.")
    for number, example in enumerate(examples, start=1):
        if not isinstance(example.text, str) or not example.text.strip():
            raise SuggestionError(f"Example {number} has no text; leave empty excerpts out.")
        both = example.codes & example.rejected
        if both:
            raise SuggestionError(f"Example {number} both accepts and rejects {sorted(both)}; "
                                  "keep the coder's latest decision only.")


def trainable_codes(examples: Sequence[TrainingExample], min_positives: int
                    ) -> tuple[list[str], dict[str, int]]:
    """(codes with enough positives and some negatives, {other code: its positives})."""
    positives = Counter(code for example in examples for code in example.codes)
    for example in examples:
        for code in example.rejected:
            positives.setdefault(code, 0)
    enough = sorted(code for code, count in positives.items()
                    if count >= min_positives and len(examples) - count >= CALIBRATION_FOLDS)
    return enough, {code: count for code, count in sorted(positives.items()) if code not in enough}


def train(examples: Iterable[TrainingExample], codebook_key: str, version: int, seed: int = 42,
          *, min_positives: int = MIN_POSITIVES) -> CodeModel:
    """Train a model for one codebook version; codes with too few positives are left out."""
    examples = list(examples)
    check_examples(examples)
    if min_positives < CALIBRATION_FOLDS:
        raise SuggestionError(f"min_positives must be at least {CALIBRATION_FOLDS}, the number of "
                              "calibration folds.")
    codes, skipped = trainable_codes(examples, min_positives)
    if not codes:
        raise SuggestionError(f"No code has {min_positives} accepted excerpts yet "
                              f"(counts: {skipped}); keep coding and train again later.")
    from threadpoolctl import threadpool_limits

    vectorizer, classifier = _new_pipeline(seed, len(examples))
    # One thread: the solvers' BLAS calls are tiny, and on a shared machine extra threads only
    # contend (measured: training took 2.4 times as long with the default threads).
    with threadpool_limits(limits=1):
        features = vectorizer.fit_transform([example.text for example in examples])
        classifier.fit(features, label_matrix(examples, codes))
        scorer = flatten_checked(classifier, features[:200])
    return CodeModel(codebook_key, version, codes, vectorizer, scorer, skipped, seed,
                     len(examples))


def _new_pipeline(seed: int, n_examples: int) -> tuple[Any, Any]:
    """An unfitted TF-IDF (word 1-2 grams, sublinear tf) and calibrated one-vs-rest LinearSVC."""
    import numpy as np
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode",
                                 # A word seen once says little, but a tiny set needs every word.
                                 min_df=2 if n_examples >= 100 else 1, dtype=np.float64)
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=seed)
    # Sigmoid calibration turns the SVM's margins into confidences a coder can read as chances.
    calibrated = CalibratedClassifierCV(LinearSVC(C=0.5, random_state=seed), method="sigmoid",
                                        cv=folds)
    return vectorizer, OneVsRestClassifier(calibrated)
