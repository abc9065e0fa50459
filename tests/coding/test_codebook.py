"""Codebooks: the shipped files, every error with its line, YAML round trips and stable GUIDs."""

from pathlib import Path

import pytest

from coding.codebook import (CODEBOOK_DIR, DIMENSIONS, Code, Codebook, InvalidCodebook, Rules,
                             code_guid, codebook_from_data, dump_codebook, load_codebook,
                             shipped_codebooks)
from voice.demo.notes import THEMES

SHIPPED = sorted(CODEBOOK_DIR.glob("*.yaml"))
EXPECTED_KEYS = {
    "care-leavers-home": {"safety", "stability", "affordability", "life_skills", "home_condition",
                          "neighbourhood", "relationships", "listened_to"},
    "school-readiness": {"speech_language", "home_learning", "readiness_understanding",
                         "health_development", "services_waiting", "family_circumstances"},
    "using-information-well": {"integrating_voice", "understanding_needs",
                               "best_use_of_information", "action_and_learning",
                               "infrastructure_governance", "consent_trust",
                               "knowing_what_is_recorded"},
}
HEAD = "key: test\ntitle: Test\nversion: 1\ncodes:\n"


def problems(text: str) -> list[tuple[int | None, str]]:
    """The (line, message) pairs load_codebook reports for YAML text."""
    with pytest.raises(InvalidCodebook) as caught:
        load_codebook(text)
    return caught.value.errors


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_codebook_loads_with_full_guidance(path: Path):
    codebook = load_codebook(path)
    assert codebook.key == path.stem and codebook.version >= 1
    assert EXPECTED_KEYS[codebook.key] <= {code.key for code in codebook.iter_codes()}
    assert any(code.children for code in codebook.codes), "each codebook uses hierarchy"
    for code in codebook.iter_codes():
        assert code.definition and code.when_to_use and code.when_not_to_use, code.key
        assert code.dimensions and set(code.dimensions) <= set(DIMENSIONS), code.key
        if code.codable:
            assert 2 <= len(code.examples) <= 3, code.key
            assert code.rules.phrases and code.rules.lemmas, code.key
            assert all(p == p.lower() for p in code.rules.phrases + code.rules.lemmas), code.key


def test_all_three_codebooks_are_shipped_and_care_leaver_codes_match_the_demo_themes():
    assert {cb.key for cb in shipped_codebooks()} == set(EXPECTED_KEYS)
    assert EXPECTED_KEYS["care-leavers-home"] <= set(THEMES)
    assert EXPECTED_KEYS["school-readiness"] <= set(THEMES)


def test_shipped_token_patterns_compile_in_spacy():
    import spacy
    from spacy.matcher import Matcher
    matcher = Matcher(spacy.blank("en").vocab)
    for codebook in shipped_codebooks():
        for code in codebook.iter_codes():
            if code.rules.patterns:
                matcher.add(code.key, code.rules.patterns)
    assert len(matcher) >= 2


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_yaml_round_trip_of_shipped_codebooks(path: Path):
    codebook = load_codebook(path)
    assert load_codebook(dump_codebook(codebook)) == codebook


def test_round_trip_keeps_patterns_headings_and_moves_flat_parents_into_the_tree():
    text = HEAD + """  - key: home
    label: Home
    codable: false
  - key: safe
    label: Safe
    parent: home
    colour: "#ABCDEF"
    rules:
      phrases: [feel safe]
      patterns: [[{LOWER: feel}, {LOWER: {IN: [safe, unsafe]}}]]
"""
    codebook = load_codebook(text)
    assert [c.key for c in codebook.codes] == ["home"]
    safe = codebook.by_key("safe")
    assert safe.parent == "home" and safe.colour == "#abcdef" and not codebook.by_key("home").codable
    dumped = dump_codebook(codebook)
    assert "parent:" not in dumped and "children:" in dumped
    assert load_codebook(dumped) == codebook


def test_guids_are_derived_stably_and_given_ones_are_normalised():
    text = HEAD + """  - key: a
    label: A
  - key: b
    label: B
    guid: "{3F2B8C1E-0D4A-4B7E-9C61-2A5D0E8F7B13}"
"""
    first, second = load_codebook(text), load_codebook(text)
    assert first.by_key("a").guid == second.by_key("a").guid == code_guid("test", "a")
    assert first.by_key("b").guid == "3f2b8c1e-0d4a-4b7e-9c61-2a5d0e8f7b13"
    assert first.by_guid("{3F2B8C1E-0D4A-4B7E-9C61-2A5D0E8F7B13}").key == "b"
    shipped = load_codebook(CODEBOOK_DIR / "care-leavers-home.yaml")
    assert shipped.by_key("safety").guid == code_guid("care-leavers-home", "safety")


def test_iteration_is_depth_first_and_lookups_fail_clearly():
    leaf = Code(key="c", label="C")
    codebook = Codebook(key="t", title="T", codes=[Code(key="a", label="A", children=[leaf]),
                                                    Code(key="b", label="B")])
    assert [c.key for c in codebook.iter_codes()] == ["a", "c", "b"]
    assert leaf.parent == "a" and leaf.guid == code_guid("t", "c") and codebook.id == "t"
    with pytest.raises(KeyError):
        codebook.by_key("zzz")
    with pytest.raises(KeyError):
        codebook.by_guid("00000000-0000-4000-8000-000000000000")


def test_duplicate_code_keys_are_reported_on_their_line():
    text = HEAD + "  - key: a\n    label: A\n    children:\n      - key: a\n        label: Again\n"
    assert problems(text) == [(8, "The code key 'a' is used twice (first on line 5); "
                                  "give each code its own key.")]


def test_duplicate_guids_and_duplicate_yaml_keys_are_reported():
    guid = "3f2b8c1e-0d4a-4b7e-9c61-2a5d0e8f7b13"
    text = HEAD + (f"  - key: a\n    label: A\n    guid: {guid}\n"
                   f"  - key: b\n    label: B\n    guid: {guid.upper()}\n")
    assert [line for line, _ in problems(text)] == [10]
    assert problems(HEAD + "  - key: a\n    label: A\n    label: B\n")[0][0] == 7


def test_bad_colour_and_dimensions_are_reported_with_their_lines():
    text = HEAD + "  - key: a\n    label: A\n    colour: red\n    dimensions: [1, 6]\n"
    found = problems(text)
    assert [line for line, _ in found] == [7, 8]
    assert "#1d70b8" in found[0][1] and "use 1 to 5" in found[1][1]


def test_unknown_parent_and_cycles_are_reported():
    text = HEAD + """  - key: a
    label: A
    parent: b
  - key: b
    label: B
    parent: a
  - key: c
    label: C
    parent: nowhere
"""
    found = problems(text)
    assert (7, "These codes are each other's parents: a -> b -> a; break the cycle.") in found
    assert (13, "Code 'c' names the parent 'nowhere', which is not a code in this codebook.") in found


def test_unknown_fields_and_missing_fields_are_reported():
    text = "key: test\ntitle: Test\nversion: 1\nauthor: me\ncodes:\n  - key: a\n    lable: A\n"
    found = problems(text)
    lines = [line for line, _ in found]
    assert 4 in lines and 7 in lines and 6 in lines  # author, lable, and label missing on the code
    assert any("'lable' is not a field the format knows" in message for _, message in found)


def test_invalid_yaml_and_empty_files_say_where():
    assert problems(HEAD + "  - key: a\n    label: [unclosed\n")[0][0] == 7
    assert problems("")[0] == (1, "The file is empty: write a codebook in it.")
    assert problems("just text")[0][1].startswith("The codebook: 'just text' should be a mapping")


def test_error_text_lists_every_problem_and_the_file(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "  - key: A\n    label: A\n    colour: red\n", "utf-8")
    with pytest.raises(InvalidCodebook) as caught:
        load_codebook(path)
    text = str(caught.value)
    assert text.startswith("The codebook bad.yaml has 2 problems:")
    assert "line 5:" in text and "line 7:" in text
    assert isinstance(caught.value, ValueError)
    with pytest.raises(InvalidCodebook, match="Could not read missing.yaml"):
        load_codebook(str(tmp_path / "missing.yaml"))


def test_plain_data_is_checked_without_lines():
    with pytest.raises(InvalidCodebook) as caught:
        codebook_from_data({"key": "t", "title": "T", "version": 1, "codes": [
            {"key": "a", "label": "A", "parent": "a"}]})
    assert caught.value.errors[0][0] is None and "cycle" in caught.value.errors[0][1]
    built = codebook_from_data({"key": "t", "title": "T", "version": 2,
                                "codes": [{"key": "a", "label": "A", "rules": {"lemmas": ["x"]}}]})
    assert built.by_key("a").rules == Rules(lemmas=["x"])


def test_rules_and_items_are_explained_in_plain_words():
    text = HEAD + """  - key: a
    label: A
    rules:
      lemmas: [two words]
      patterns: [[{BAD: 1}]]
  - 5
"""
    found = dict(problems(text))
    assert "a lemma is one word" in found[8]
    assert found[9].endswith("'BAD' is not a spaCy Matcher token attribute; use one such as "
                             "LOWER, LEMMA, POS or OP.")
    assert found[10] == "Code 2: 5 should be a mapping (key: value lines)."
