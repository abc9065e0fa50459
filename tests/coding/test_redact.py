"""Redaction of whole texts: known names, tag numbers, spans, keeping, batches and long texts."""

import pytest

from coding.redact import Redactor, redact
from coding.redact.core import split_for_ner
from tests.coding.redaction_cases import CASES

pytestmark = pytest.mark.slow  # loads the spaCy pipeline (once per session)

CASE_FILE = ("Jade Smith-Jones", "Karen Smith", "Mark O'Neill")


def test_known_names_are_found_in_full_by_first_name_by_surname_and_possessive(redactor):
    text = ("Jade Smith-Jones met Mark. Jade's mum Karen came too. "
            "Ms Smith-Jones and O'Neill agreed. JADE SIGNED.")
    result = redactor.redact(text, known_names=CASE_FILE)
    assert result.text == ("[PERSON_1] met [PERSON_2]. [PERSON_1]'s mum [PERSON_3] came too. "
                           "Ms [PERSON_1] and [PERSON_2] agreed. [PERSON_1] SIGNED.")


def test_a_known_name_that_is_a_word_is_redacted_only_as_a_name(redactor):
    result = redactor.redact("Hope said we hope to see Grace. Grace period ends.",
                             known_names=["Hope Williams", "Grace O'Brien"])
    assert result.text == "[PERSON_1] said we hope to see [PERSON_2]. [PERSON_2] period ends."


def test_the_same_person_keeps_one_tag_number_and_others_get_new_ones(redactor):
    result = redactor.redact("Tyler Brown rang. Tyler said Chloe and Dr Patel were kind to Tyler.")
    assert result.text == ("[PERSON_1] rang. [PERSON_1] said [PERSON_2] and Dr [PERSON_3] "
                           "were kind to [PERSON_1].")
    assert result.tags == ("PERSON_1", "PERSON_1", "PERSON_2", "PERSON_3", "PERSON_1")


def test_a_name_around_a_listed_surname_is_redacted_whole_as_another_person(redactor):
    result = redactor.redact("Mia Barnes-Lowe stays with Keith Barnes; Mia likes Keith.",
                             known_names=["Mia Barnes-Lowe"])
    assert result.text == "[PERSON_1] stays with [PERSON_2]; [PERSON_1] likes [PERSON_2]."


def test_numbers_restart_in_each_document(redactor):
    first, second = redactor.redact_many(["Chloe rang.", "Liam and Chloe rang."])
    assert first.text == "[PERSON_1] rang."
    assert second.text == "[PERSON_1] and [PERSON_2] rang."


def test_spans_point_into_the_original_text_and_rebuild_the_redacted_text(redactor):
    for case, result in zip(CASES, redactor.redact_many(
            [c.text for c in CASES], known_names=[c.known_names for c in CASES])):
        rebuilt, cursor = [], 0
        for span, tag in zip(result.spans, result.tags):
            assert 0 <= cursor <= span.start < span.end <= len(case.text)
            rebuilt += [case.text[cursor:span.start], f"[{tag}]"]
            cursor = span.end
        assert "".join(rebuilt) + case.text[cursor:] == result.text


def test_a_batch_gives_the_same_result_as_one_text_at_a_time(redactor):
    sample = CASES[::5]
    batch = redactor.redact_many([c.text for c in sample], known_names=[c.known_names for c in sample],
                                 batch_size=7)
    single = [redactor.redact(c.text, known_names=c.known_names) for c in sample]
    assert batch == single


def test_roles_services_places_and_event_dates_stay(redactor):
    text = ("The personal adviser, the foster carer and the social worker met CAMHS at the "
            "Family Hub in Bradford on 3 March 2025, then went to the Jobcentre and the GP.")
    assert redactor.redact(text).text == text


def test_keep_spares_a_local_team_name_but_never_a_known_name(redactor):
    text = "Chloe from the Aspire Team rang."
    assert redactor.redact(text, keep=["Chloe"]).text == text
    assert redactor.redact(text, keep=["Chloe"], known_names=["Chloe"]).text == \
        "[PERSON_1] from the Aspire Team rang."


def test_a_redactor_keeps_its_own_keep_list():
    patterns_only = Redactor(keep=["Hope Street Project"], use_ner=False)
    assert "hope street project" in patterns_only.keep


def test_the_module_level_redact_uses_the_shared_pipeline(redactor):
    assert redact("DOB 12/03/2008, mobile 07700 900123").text == \
        "DOB [DATE_OF_BIRTH], mobile [PHONE]"


def test_long_texts_go_through_ner_in_pieces_with_offsets_kept(redactor, monkeypatch):
    monkeypatch.setattr(redactor, "max_ner_chars", 60)
    text = "The visit went well. " * 5 + "Oluwaseun Adebayo said so. " + "Nothing else. " * 5
    result = redactor.redact(text)
    assert [text[s.start:s.end] for s in result.spans] == ["Oluwaseun Adebayo"]


def test_split_for_ner_cuts_at_spaces_and_loses_nothing():
    text = "word " * 50
    pieces = split_for_ner(text, limit=32)
    assert all(len(piece) <= 32 for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)


def test_patterns_alone_need_no_spacy_pipeline():
    patterns_only = Redactor(use_ner=False)
    result = patterns_only.redact("Mr Jones, NI AB 12 34 56 C", known_names=["Jones"])
    assert result.text == "Mr [PERSON_1], NI [NI_NUMBER]"
    assert patterns_only._nlp is None


def test_overlaps_go_to_the_structured_pattern_and_then_to_the_longer_span():
    patterns_only = Redactor(use_ner=False)
    # 113 496 0018 alone passes the NHS checksum; inside a +44 number it is a phone.
    assert patterns_only.redact("Ring +44 113 496 0018.").text == "Ring [PHONE]."
    assert patterns_only.redact("NHS 113 496 0018.").text == "NHS [NHS_NUMBER]."
    # A street named like a person is an address, not a name.
    assert patterns_only.redact("Grace lives at 3 Grace Close.", known_names=["Grace"]).text == \
        "[PERSON_1] lives at [ADDRESS]."


def test_the_model_name_is_a_parameter():
    with pytest.raises(OSError):
        Redactor(model="no_such_spacy_model").nlp


@pytest.mark.parametrize("known_names, message", [
    (["Jade"], "not a single name"),
    ([["Jade"], ["Liam"]], "one list of names per text"),
])
def test_known_names_must_line_up_with_the_texts(known_names, message):
    with pytest.raises(ValueError, match=message):
        Redactor(use_ner=False).redact_many(["one text"], known_names=known_names)
