"""The one error type of the suggestion layer: its message says what to do."""


class SuggestionError(ValueError):
    """Training, predicting or loading suggestions could not go ahead; the message says why."""


class ModelVersionError(SuggestionError):
    """A saved model belongs to another scikit-learn or codebook version than the one asked for."""
