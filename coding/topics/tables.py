"""Topics broken down over time and by class, as tidy DataFrames the app can chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from coding.topics.params import TopicError
from coding.topics.result import TopicResult

_COLUMNS = {"Topic": "topic", "Words": "words", "Frequency": "count",
            "Timestamp": "period", "Class": "class"}


def _checked(result: TopicResult, values: Sequence[Any], what: str) -> None:
    """TopicError unless the result has its model and texts and one value per document."""
    if result.model is None or not result.texts:
        raise TopicError(f"Topics {what} need the fitted model and its texts: use the result of "
                         "fit_topics, or pass the texts again by refitting.")
    if len(values) != len(result.texts):
        raise TopicError(f"Got {len(values)} values for {len(result.texts)} documents: "
                         "give one per document, in the same order.")


def _as_datetime(value: Any) -> datetime:
    """A datetime: bertopic 0.17.4 with pandas 3 cannot bin plain dates."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return pd.Timestamp(value).to_pydatetime()


def _tidy(frame: pd.DataFrame, result: TopicResult) -> pd.DataFrame:
    """Our column names, plus each topic's label and best code for the chart's legend."""
    frame = frame.rename(columns=_COLUMNS).drop(columns=["Name"], errors="ignore")
    labels = {t.id: t.label for t in result.topics}
    codes = {t.id: t.best_code for t in result.topics}
    frame["label"] = frame["topic"].map(labels)
    frame["code"] = frame["topic"].map(codes)
    return frame.reset_index(drop=True)


def topics_over_time(result: TopicResult, timestamps: Sequence[Any],
                     nr_bins: int | None = None) -> pd.DataFrame:
    """Rows of (topic, words, count, period, label, code): each topic's size in each period."""
    _checked(result, timestamps, "over time")
    frame = result.model.topics_over_time(result.texts, [_as_datetime(t) for t in timestamps],
                                          topics=result.assignments, nr_bins=nr_bins)
    return _tidy(frame, result)


def topics_per_class(result: TopicResult, classes: Sequence[Any]) -> pd.DataFrame:
    """Rows of (topic, words, count, class, label, code): each topic's size in each class."""
    _checked(result, classes, "per class")
    frame = result.model.topics_per_class(result.texts, [str(c) for c in classes])
    return _tidy(frame, result)
