"""Recall and precision per label on the labelled case-note sentences, against issue 5's targets."""

import pytest

from coding.redact import LABELS, Redaction, Span, evaluate, parse_marked
from tests.coding.redaction_cases import CASES

# Issue 5: recall at least 0.98 for structured details, 0.90 for names and addresses.
RECALL_TARGETS = {"NHS_NUMBER": 0.98, "NI_NUMBER": 0.98, "POSTCODE": 0.98, "PHONE": 0.98,
                  "EMAIL": 0.98, "DATE_OF_BIRTH": 0.98, "PERSON": 0.90, "ADDRESS": 0.90}
# Not in the issue: a floor so over-redaction (roles, towns, event dates) shows up too.
PRECISION_FLOOR = 0.90


def test_the_labelled_set_is_big_enough_and_covers_every_label():
    assert len(CASES) >= 200
    labels = {span.label for case in CASES for span in case.spans}
    assert labels == set(LABELS) == set(RECALL_TARGETS)
    assert sum(1 for case in CASES if not case.spans) >= 40  # texts where nothing may be tagged


@pytest.fixture(scope="module")
def scores(redactor):
    return evaluate(CASES, redactor)


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(RECALL_TARGETS))
def test_recall_and_precision_meet_the_targets(scores, label):
    recall, precision = scores[label]
    assert recall >= RECALL_TARGETS[label], f"{label} recall {recall:.3f}"
    assert precision >= PRECISION_FLOOR, f"{label} precision {precision:.3f}"


def test_marks_become_spans_in_the_unmarked_text():
    case = parse_marked("Met [[Jade|PERSON]] at [[12 Mill Lane|ADDRESS]].", ["Jade Smith"])
    assert case.text == "Met Jade at 12 Mill Lane."
    assert case.spans == (Span("PERSON", 4, 8), Span("ADDRESS", 12, 24))
    assert case.known_names == ("Jade Smith",)


class FixedRedactor:
    """Returns the spans it was built with, to check the scoring arithmetic."""

    def __init__(self, spans_per_text):
        self.spans_per_text = spans_per_text

    def redact_many(self, texts, *, known_names=None):
        return [Redaction(text, tuple(spans)) for text, spans in zip(texts, self.spans_per_text)]


def test_evaluate_counts_partial_cover_as_a_miss_and_overlap_as_right():
    cases = [parse_marked("[[Jade Smith|PERSON]] rang [[07700 900123|PHONE]]."),
             parse_marked("Nothing here in [[LS6 2AB|POSTCODE]].")]
    found = [[Span("PERSON", 0, 4), Span("PHONE", 16, 28)],  # the surname leaks
             [Span("POSTCODE", 16, 23), Span("PERSON", 0, 7)]]  # one false person
    scores = evaluate(cases, FixedRedactor(found))
    assert scores["PERSON"] == (0.0, 0.5)
    assert scores["PHONE"] == (1.0, 1.0)
    assert scores["POSTCODE"] == (1.0, 1.0)
    assert scores["ALL"] == (2 / 3, 3 / 4)
