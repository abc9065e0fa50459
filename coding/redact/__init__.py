"""Redaction of personal details in case notes and Pathway Plans.

`redact(text, known_names=...)` returns the text with each personal detail replaced by a tag
([PERSON_1], [NHS_NUMBER], [POSTCODE]...) and the spans found in the original text;
`redact_many` does the same for many texts through one spaCy `nlp.pipe`. A `Redactor` holds the
spaCy pipeline (loaded once, on first use) and the terms to keep.
"""

from collections.abc import Iterable, Sequence
from functools import cache

from coding.redact.core import DEFAULT_MODEL, Redactor
from coding.redact.evaluate import LabelledCase, evaluate, parse_marked
from coding.redact.spans import LABELS, Redaction, Span

__all__ = ["DEFAULT_MODEL", "LABELS", "LabelledCase", "Redaction", "Redactor", "Span",
           "default_redactor", "evaluate", "parse_marked", "redact", "redact_many"]


@cache
def default_redactor() -> Redactor:
    """The shared Redactor with the default model, so the pipeline loads once per process."""
    return Redactor()


def redact(text: str, *, known_names: Sequence[str] = (), keep: Iterable[str] = ()) -> Redaction:
    """Redact one text with the shared Redactor."""
    return default_redactor().redact(text, known_names=known_names, keep=keep)


def redact_many(texts: Iterable[str], *, known_names: Iterable[Sequence[str]] | None = None,
                keep: Iterable[str] = (), batch_size: int = 64, n_process: int = 1) -> list[Redaction]:
    """Redact many texts through one `nlp.pipe` with the shared Redactor."""
    return default_redactor().redact_many(texts, known_names=known_names, keep=keep,
                                          batch_size=batch_size, n_process=n_process)
