"""A fitted one-vs-rest of calibrated linear SVMs, flattened into arrays for fast prediction.

scikit-learn's predict_proba on OneVsRestClassifier(CalibratedClassifierCV(LinearSVC)) walks
codes × folds estimators, validating its input each time: about 40 ms for one document with 16
codes. The same numbers as one sparse product and a sigmoid take well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coding.suggest.errors import SuggestionError


@dataclass
class LinearScorer:
    """Weights (features × codes·folds), intercepts and Platt sigmoid parameters per fold."""

    weights: Any
    intercepts: Any
    slopes: Any  # Platt's a per fold: probability = 1 / (1 + exp(a · margin + b))
    offsets: Any
    folds: int

    def probabilities(self, features: Any) -> Any:
        """A texts × codes array: each code's calibrated probability, averaged over its folds."""
        import numpy as np
        from scipy.special import expit

        margins = np.asarray(features @ self.weights) + self.intercepts
        per_fold = expit(-(self.slopes * margins + self.offsets))
        return per_fold.reshape(len(per_fold), -1, self.folds).mean(axis=2)


def flatten(classifier: Any) -> LinearScorer:
    """The arrays of a fitted OneVsRestClassifier of CalibratedClassifierCV(sigmoid) estimators."""
    import numpy as np

    weights, intercepts, slopes, offsets = [], [], [], []
    # calibrated_classifiers_ is public; .estimator and .calibrators[0].a_/.b_ are what its
    # predict_proba uses. flatten_checked() compares the two, so a change in them cannot pass.
    for calibrated in classifier.estimators_:
        for fold in calibrated.calibrated_classifiers_:
            weights.append(np.asarray(fold.estimator.coef_, dtype=np.float64).ravel())
            intercepts.append(float(fold.estimator.intercept_[0]))
            slopes.append(float(fold.calibrators[0].a_))
            offsets.append(float(fold.calibrators[0].b_))
    folds = len(classifier.estimators_[0].calibrated_classifiers_)
    return LinearScorer(np.column_stack(weights), np.array(intercepts), np.array(slopes),
                        np.array(offsets), folds)


def flatten_checked(classifier: Any, sample: Any) -> LinearScorer:
    """flatten(), after checking it gives scikit-learn's own probabilities on a sample."""
    import numpy as np

    scorer = flatten(classifier)
    expected = classifier.predict_proba(sample)
    if len(classifier.estimators_) == 1:  # one code: scikit-learn adds a "not this code" column
        expected = expected[:, 1:]
    if not np.allclose(scorer.probabilities(sample), expected, atol=1e-7):
        raise SuggestionError("This scikit-learn version stores calibrated models differently; "
                              "pin scikit-learn to the version in pyproject.toml.")
    return scorer
