"""Name rules without the NER model: known names, titles, relations and the first-name list."""

import pytest

from coding.redact.names import (default_keep, find_known_names, find_listed_first_names,
                                 find_names_after_relations, find_titled_names, is_kept,
                                 keep_words, load_word_list, name_variants)

KEEP = default_keep()
WORDS = keep_words(KEEP)


def names_in(candidates, text: str) -> list[str]:
    return [text[c.span.start:c.span.end] for c in candidates]


def test_the_shipped_lists_load_and_hold_what_redaction_relies_on():
    assert len(load_word_list("first_names.txt")) >= 500
    assert {"leeds", "bradford", "newcastle upon tyne", "camhs", "family hub", "jobcentre",
            "personal adviser", "foster carer", "social worker", "gp"} <= KEEP


def test_a_listed_name_is_written_in_full_in_parts_capitalised_and_upper_case():
    variants = name_variants("jade smith-jones")
    assert {"Jade Smith-Jones", "Jade", "Smith-Jones", "Smith", "Jones", "JADE"} <= variants
    assert name_variants("Mrs Karen Smith") >= {"Karen Smith", "Karen", "Smith"}
    assert "Mrs" not in name_variants("Mrs Karen Smith")


def test_a_first_name_is_matched_in_lower_case_only_when_it_is_not_an_ordinary_word():
    assert "tanisha" in name_variants("Tanisha Reid")
    assert "faith" not in name_variants("Faith Okoro") and "reid" not in name_variants("Tanisha Reid")


def test_known_names_match_whole_words_and_possessives_only():
    text = "Jade's cousin Jadeen met Jade-Marie and JADE."
    found = find_known_names(text, ("Jade Smith",))
    assert names_in(found, text) == ["Jade", "JADE"]
    assert {c.person for c in found} == {"known:0"}


def test_apostrophe_and_hyphen_names_are_matched_as_given():
    text = "O'Neill and D'Souza met Smith-Jones."
    found = find_known_names(text, ("Mark O'Neill", "Rose D'Souza", "Jade Smith-Jones"))
    assert names_in(found, text) == ["O'Neill", "D'Souza", "Smith-Jones"]
    assert [c.person for c in found] == ["known:0", "known:1", "known:2"]


@pytest.mark.parametrize("text, name", [
    ("Dr Patel called.", "Patel"), ("Mrs. Adeyemi-Clarke is the carer.", "Adeyemi-Clarke"),
    ("Ms Eleanor Whitfield chaired.", "Eleanor Whitfield"), ("Mr O'Connor is here.", "O'Connor"),
    ("Mrs Siân Jones called.", "Siân Jones"), ("Mr Łukasz Wójcik came.", "Łukasz Wójcik"),
])
def test_names_after_a_title_are_found_without_the_title(text, name):
    assert names_in(find_titled_names(text), text) == [name]


@pytest.mark.parametrize("text, names", [
    ("Present: foster carer Sandra and her mum Lorraine Marsh.", ["Sandra", "Lorraine Marsh"]),
    ("Agreed with PA Tom Reid.", ["Tom Reid"]),
    ("The social worker Team met. Her carer, Mrs Ahmed, came.", []),
    ("Her carer Monday visits.", []),
])
def test_names_after_a_role_or_relation_are_found(text, names):
    assert names_in(find_names_after_relations(text, KEEP, WORDS), text) == names


@pytest.mark.parametrize("text, names", [
    ("Tyler Brown came.", ["Tyler Brown"]),
    ("I saw Chloe at Grace Academy.", ["Chloe"]),
    ("We met Hope at college.", ["Hope"]),  # a name-word mid-sentence, capitalised
    ("Hope is what keeps her going.", []),  # the same word opening a sentence
    ("Hope Williams came.", ["Hope Williams"]),  # ...unless a surname follows
    ("On 3 May we met. In May she left.", []),  # months are not names
    ("Ellie-Mae came.", ["Ellie-Mae"]),
    ("The midwife at St James's Hospital.", []),
    ("Appointment at CAMHS with the GP in Leeds.", []),
])
def test_first_names_from_the_list(text, names):
    assert names_in(find_listed_first_names(text, KEEP, WORDS), text) == names


@pytest.mark.parametrize("name, kept", [
    ("Family Hub", True), ("CAMHS", True), ("Newcastle upon Tyne", True), ("Bradford's", True),
    ("Jade", False), ("Sarah Bradford", False),
])
def test_kept_terms_are_roles_services_and_places(name, kept):
    assert is_kept(name, KEEP, WORDS) is kept
