"""Rule suggestions: the shipped codebooks' phrases, lemmas and patterns, with exact offsets."""

from dataclasses import replace

import pytest

from coding.codebook import Rules, shipped_codebooks
from coding.suggest import (RuleSuggester, Suggestion, SuggestionError, clear_compile_cache,
                            compile_cache_info)
from coding.suggest.gate import pattern_reach
from coding.suggest.inflect import (as_word_sequences, inflections, lemma_free_pattern,
                                   needs_pipeline)
from voice.demo import generate_all

CODEBOOKS = {codebook.key: codebook for codebook in shipped_codebooks()}


@pytest.fixture(scope="module")
def leavers() -> RuleSuggester:
    """The care leavers' codebook's suggester."""
    return RuleSuggester(CODEBOOKS["care-leavers-home"])


@pytest.fixture(scope="module")
def readiness() -> RuleSuggester:
    """The school readiness codebook's suggester."""
    return RuleSuggester(CODEBOOKS["school-readiness"])


def spans(found: list[Suggestion]) -> set[tuple[str, int, int]]:
    """(code, start, end) of each suggestion."""
    return {(s.code_key, s.start, s.end) for s in found}


def at(text: str, words: str) -> tuple[int, int]:
    """The offsets of the first occurrence of words in text."""
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize("codebook", CODEBOOKS.values(), ids=list(CODEBOOKS))
def test_every_shipped_phrase_is_found_at_its_offsets(codebook):
    suggester = RuleSuggester(codebook)
    for code in codebook.iter_codes():
        for phrase in code.rules.phrases:
            text = f"Seen 🙂 at the café.\r\nShe said: {phrase.capitalize()}\r\n— then left."
            start, end = at(text, phrase.capitalize())
            found = suggester.suggest(text)
            assert (code.key, start, end) in spans(found), (code.key, phrase)
            match = next(s for s in found if (s.code_key, s.start, s.end) == (code.key, start, end))
            assert match.matched == text[start:end] and match.source == "rule"
            assert match.confidence is None


def test_offsets_survive_emoji_accents_and_crlf(leavers):
    text = "Zoë 👩‍👧 wrote «I don't feel safe» here.\r\n\r\nRent arrears 💷 since Noël; moved again."
    found = leavers.suggest(text)
    assert spans(found) == {("safety", *at(text, "don't feel safe")),
                            ("affordability", *at(text, "Rent arrears")),
                            ("stability", *at(text, "moved again"))}
    assert [s.matched for s in found] == ["don't feel safe", "Rent arrears", "moved again"]


def test_typographic_apostrophes_match_like_straight_ones(leavers):
    text = "I don’t feel safe and can’t afford the gas."
    assert {(s.code_key, s.matched) for s in leavers.suggest(text)} >= {
        ("safety", "don’t feel safe"), ("affordability", "can’t afford")}


@pytest.mark.parametrize("text, code, words", [
    ("The landlord evicted him last week.", "stability", "evicted"),
    ("She was frightened and threatened by visitors.", "safety", "frightened"),
    ("She was frightened and threatened by visitors.", "safety", "threatened"),
    ("He is moving out on Friday.", "stability", "moving"),
    ("Two leaks in the bathroom, repairs requested.", "home_condition", "leaks"),
    ("Nobody listened when I said no.", "listened_to", "Nobody listened"),
    ("They never told me about the review.", "listened_to", "never told"),
])
def test_lemma_inflections_and_lemma_patterns_are_found(leavers, text, code, words):
    assert (code, *at(text, words)) in spans(leavers.suggest(text))


@pytest.mark.parametrize("text, code, words", [
    ("Still wearing nappies at four.", "health_development", "nappies"),
    ("Was referred to audiology.", "services_waiting", "referred"),
    ("We have waited 18 weeks waiting for an appointment.", "services_waiting",
     "18 weeks waiting"),
])
def test_readiness_inflections_and_patterns(readiness, text, code, words):
    assert (code, *at(text, words)) in spans(readiness.suggest(text))


def test_a_match_inside_a_longer_match_of_the_same_code_is_dropped(leavers):
    text = "I feel safe now."
    assert spans(leavers.suggest(text)) == {("safety", *at(text, "feel safe"))}


def test_no_text_no_suggestions(leavers):
    assert leavers.suggest("") == [] and leavers.suggest("   \r\n") == []


def test_matchers_compile_once_per_codebook_content():
    clear_compile_cache()
    codebook = CODEBOOKS["care-leavers-home"]
    first = RuleSuggester(codebook)
    assert compile_cache_info() == {"hits": 0, "misses": 1, "size": 1}
    second = RuleSuggester(codebook)
    assert compile_cache_info()["hits"] == 1 and first._compiled is second._compiled
    safety = codebook.by_key("safety")
    edited = replace(codebook, codes=[replace(codebook.codes[0], children=[
        replace(safety, rules=Rules(phrases=["door kicked in"]))])])
    assert RuleSuggester(edited).suggest("The door kicked in at 2am.")[0].code_key == "safety"
    assert compile_cache_info()["misses"] == 2


def test_batch_equals_single_on_demo_documents(leavers, readiness):
    texts = [document.text for document in generate_all(2026).documents[:120]]
    for suggester in (leavers, readiness):
        batch = suggester.suggest_many(texts, batch_size=16)
        assert batch == [suggester.suggest(text) for text in texts]
    assert sum(len(found) for found in leavers.suggest_many(texts)) > len(texts)


def test_inflections_cover_regular_and_irregular_forms():
    assert {"moves", "moved", "moving"} <= inflections("move")
    assert {"referred", "referring", "refers"} <= inflections("refer")
    assert {"nappies"} <= inflections("nappy") and {"buses"} <= inflections("bus")
    assert {"said", "says", "saying"} <= inflections("say") and "told" in inflections("tell")


def test_lemma_patterns_become_lower_case_patterns():
    pattern = lemma_free_pattern([{"LIKE_NUM": True}, {"LEMMA": "wait", "OP": "?"}])
    assert pattern[1] == {"OP": "?", "LOWER": {"IN": ["wait", "waited", "waiting", "waits"]}}
    assert not needs_pipeline([pattern]) and needs_pipeline([[{"POS": "VERB"}]])


def test_a_pattern_spacy_cannot_use_is_refused_with_the_code_named():
    codebook = CODEBOOKS["care-leavers-home"]
    safety = codebook.by_key("safety")
    broken = replace(codebook, codes=[replace(codebook.codes[0], children=[
        replace(safety, rules=Rules(patterns=[[{"LEMMA": "fear", "LOWER": "fear"}]]))])])
    with pytest.raises(SuggestionError, match="safety"):
        RuleSuggester(broken)


def test_word_list_patterns_become_phrases_and_others_stay_with_the_matcher(leavers, readiness):
    assert leavers._compiled.token_matcher is None
    assert readiness._compiled.token_matcher is not None
    assert readiness._compiled.gate.anchors == {"week", "weeks", "month", "months"}


def test_the_gated_matcher_finds_what_the_whole_text_matcher_finds(readiness):
    texts = [document.text for document in generate_all(2026).documents]
    texts += ["3 weeks", "months 2 weeks wait", "Waited 6 months wait.\r\n9 weeks"]
    compiled = readiness._compiled
    for doc in readiness.nlp.pipe(texts):
        anchors = [start for match_id, start, _ in compiled.phrase_matcher(doc)
                   if match_id == compiled.anchor]
        assert sorted(readiness._token_matches(doc, anchors)) == sorted(
            compiled.token_matcher(doc))


def test_pattern_reach_and_word_sequences():
    assert pattern_reach([{"LIKE_NUM": True}, {"LOWER": "x", "OP": "?"}]) == 2
    assert pattern_reach([{"LOWER": "x", "OP": "{1,3}"}]) == 3
    assert pattern_reach([{"LOWER": "x", "OP": "+"}]) is None
    assert as_word_sequences([{"LOWER": {"IN": ["a", "b"]}}, {"LOWER": "c", "OP": "?"}]) == [
        ("a",), ("a", "c"), ("b",), ("b", "c")]
    assert as_word_sequences([{"LIKE_NUM": True}]) is None
