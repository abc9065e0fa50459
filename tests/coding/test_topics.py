"""Topic modelling: a real fit on a generated corpus with five known, clearly separated themes."""

import json
import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest

from coding.codebook import Code, Codebook, Rules
from coding.embeddings import embed, load_embedding_model
from coding.topics import (MIN_DOCS, TopicError, add_documents, fit_topics, load_model,
                           params_for, save_model,
                           topics_over_time, topics_per_class)
from coding.topics.store import SIDECAR

# Four themes have a code; "sport" has none, so the fit must report it as an emergent theme.
THEMES = {
    "home_condition": ["There is black mould on the bedroom wall and the landlord "
                       "has not fixed it.",
                       "The boiler broke again so the flat has no heating or hot water.",
                       "Damp is coming through the window frames and the carpet smells.",
                       "The kitchen ceiling leaks when it rains and the repairs keep being "
                       "put off.",
                       "Windows will not close properly and the radiators are cold."],
    "affordability": ["Rent arrears have built up since the universal credit payment was cut.",
                      "Money runs out before the end of the month and the electric meter is empty.",
                      "A food bank voucher was given because there was no money for shopping.",
                      "Council tax debt letters keep arriving and the budget does not stretch.",
                      "The benefit sanction left nothing to pay the bills this month."],
    "education_training": ["College enrolment for the plumbing course starts in September.",
                           "The apprenticeship application needs a reference from the tutor.",
                           "Attendance at college has dropped and the maths resit is next week.",
                           "Exam results came through and a place on the level two course "
                           "is confirmed.",
                           "The careers adviser helped with a CV for the traineeship."],
    "health_development": ["The GP referred the toddler to the paediatrician about weight gain.",
                           "The health visitor checked the baby's development and immunisations.",
                           "Asthma inhalers were collected from the pharmacy after the "
                           "hospital visit.",
                           "The dentist appointment was missed and the child has toothache.",
                           "Medication for the ear infection was prescribed by the doctor."],
    "sport": ["Football training on Saturday mornings is the best part of the week.",
              "Swimming lessons at the leisure centre have started and the badge was earned.",
              "The boxing gym coach said the sparring is improving every session.",
              "Scored two goals in the five-a-side match and the team won the league.",
              "Joined the running club and finished the park run in under thirty minutes."],
}
SEEDED = ("home_condition", "affordability", "education_training", "health_development")
OPENERS = ["Visited today.", "Phone call this afternoon.", "Met at the office.", "Home visit.",
           "Catch-up at the cafe.", "Spoke on the phone."]
PER_THEME = 64
# A real fit: embeddings, UMAP's one-off numba compilation and BERTopic take ~1 minute.
slow = pytest.mark.slow


def make_corpus(seed: int = 7) -> tuple[list[str], list[str], list[date]]:
    """Texts, their theme and a date: an opener then two or three of one theme's sentences."""
    rng = random.Random(seed)
    texts, themes, dates = [], [], []
    for theme, sentences in THEMES.items():
        for _ in range(PER_THEME):
            body = rng.sample(sentences, rng.randint(2, 3))
            texts.append(" ".join([rng.choice(OPENERS)] + body))
            themes.append(theme)
            dates.append(date(2025, 1, 1) + timedelta(days=rng.randrange(365)))
    return texts, themes, dates


def make_codebook() -> Codebook:
    """A codebook with codes for the four seeded themes only."""
    codes = [Code("home_condition", "Condition of the home",
                  definition="Disrepair, damp, mould, broken heating and repairs the landlord "
                             "has not done.",
                  rules=Rules(phrases=["black mould", "damp", "repairs"])),
             Code("affordability", "Money and affordability",
                  definition="Rent arrears, debt, benefits, bills and running out of money.",
                  rules=Rules(phrases=["rent arrears", "universal credit", "food bank"])),
             Code("education_training", "Education and training",
                  definition="College, courses, apprenticeships, exams and training.",
                  rules=Rules(phrases=["college", "apprenticeship", "course"])),
             Code("health_development", "Health and development",
                  definition="Doctors, health visitors, hospital, medication and a child's "
                             "development.", rules=Rules(phrases=["gp", "health visitor"]))]
    return Codebook("test-topics", "Test topics", codes=codes)


@pytest.fixture(scope="module")
def corpus():
    """The generated corpus, its embeddings (computed once) and the embedding model."""
    texts, themes, dates = make_corpus()
    model = load_embedding_model()
    return texts, themes, dates, embed(texts, model), model


@pytest.fixture(scope="module")
def fitted(corpus):
    """One guided fit, shared by the tests that only read it."""
    texts, _, _, vectors, model = corpus
    return fit_topics(texts, vectors, make_codebook(), seed=42, embedding_model=model)


def purity(assignments: list[int], themes: list[str]) -> float:
    """Share of documents whose topic's majority theme is their own."""
    hits = 0
    for topic in set(assignments):
        members = [th for a, th in zip(assignments, themes) if a == topic]
        hits += Counter(members).most_common(1)[0][1]
    return hits / len(themes)


@slow
def test_fit_recovers_the_known_themes(fitted, corpus):
    # Measured: purity 1.0 with five topics on this corpus; 0.9 leaves room for library changes.
    assert purity(fitted.assignments, corpus[1]) >= 0.9
    assert -1 not in fitted.assignments  # outliers were reduced
    assert sum(t.size for t in fitted.topics) == len(corpus[0])


def majority_themes(result, themes: list[str]) -> dict[int, str]:
    """Each topic's most common known theme."""
    return {t.id: Counter(th for a, th in zip(result.assignments, themes) if a == t.id)
            .most_common(1)[0][0] for t in result.topics}


@slow
def test_seeded_themes_map_to_their_codes(fitted, corpus):
    majority = majority_themes(fitted, corpus[1])
    for topic in fitted.topics:
        if majority[topic.id] in SEEDED:
            assert topic.best_code == majority[topic.id], (topic.label, topic.matches)
            assert 0.3 <= topic.matches[0].score <= 1
    assert set(SEEDED) <= {t.best_code for t in fitted.topics}


@slow
def test_unseeded_theme_is_emergent(fitted, corpus):
    majority = majority_themes(fitted, corpus[1])
    sport = {t.id for t in fitted.topics if majority[t.id] == "sport"}
    assert sport and {t.id for t in fitted.emergent} == sport


@slow
def test_topics_have_words_labels_and_excerpts(fitted):
    for topic in fitted.topics:
        assert topic.words and topic.keybert_words and topic.label
        assert not {"the", "and", "person", "address"} & {w for w, _ in topic.words}
        assert len(topic.representative_docs) == 3
    assert fitted.versions["bertopic"] == "0.17.4"


@slow
def test_same_seed_gives_the_same_topics(fitted, corpus):
    texts, _, _, vectors, model = corpus
    again = fit_topics(texts, vectors, make_codebook(), seed=42, embedding_model=model)
    assert again.assignments == fitted.assignments
    assert [t.words for t in again.topics] == [t.words for t in fitted.topics]


def test_too_small_corpus_says_how_many_are_needed():
    with pytest.raises(TopicError, match=f"at least {MIN_DOCS} documents; this corpus has 12"):
        fit_topics(["a note"] * 12)


def test_params_grow_with_the_corpus_and_reject_unknown_settings():
    small, large = params_for(300), params_for(40_000)
    assert small.min_cluster_size < large.min_cluster_size
    assert small.n_neighbors <= large.n_neighbors
    with pytest.raises(TopicError, match="Unknown topic setting"):
        params_for(300, clusters=4)


@slow
def test_mismatched_embeddings_are_refused(corpus):
    texts, _, _, vectors, model = corpus
    with pytest.raises(TopicError, match="one embedding row per text"):
        fit_topics(texts, vectors[:10], embedding_model=model)


@slow
def test_save_and_load_round_trip_offline(fitted, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    folder = save_model(fitted, tmp_path / "run")
    loaded = load_model(folder, embedding_model=fitted.model.embedding_model.embedding_model)
    assert loaded.assignments == fitted.assignments
    assert [(t.id, t.best_code, t.words) for t in loaded.topics] == \
        [(t.id, t.best_code, t.words) for t in fitted.topics]
    # A safetensors model keeps no UMAP/HDBSCAN: transform assigns by topic embedding, so a
    # document may land in a sibling fragment of its theme, but with the same code.
    sample = list(range(0, len(fitted.texts), 8))
    predicted, _ = loaded.model.transform([fitted.texts[i] for i in sample],
                                          fitted.embeddings[sample])
    same_code = [fitted.topic(int(p)).best_code == fitted.topic(fitted.assignments[i]).best_code
                 for p, i in zip(predicted, sample)]
    assert sum(same_code) >= 0.9 * len(sample)


@slow
def test_model_from_another_version_is_refused(fitted, tmp_path):
    folder = save_model(fitted, tmp_path / "run")
    data = json.loads((folder / SIDECAR).read_text())
    data["versions"]["bertopic"] = "0.16.0"
    (folder / SIDECAR).write_text(json.dumps(data))
    with pytest.raises(TopicError, match="saved with bertopic 0.16.0"):
        load_model(folder)
    with pytest.raises(TopicError, match="Fit the run again"):
        load_model(tmp_path / "missing")


@slow
def test_topics_over_time_and_per_class_are_tidy_tables(fitted, corpus):
    over_time = topics_over_time(fitted, corpus[2], nr_bins=4)
    assert {"topic", "words", "count", "period", "label", "code"} <= set(over_time.columns)
    assert over_time["count"].sum() == len(corpus[0])
    areas = ["north" if i % 2 else "south" for i in range(len(corpus[0]))]
    per_class = topics_per_class(fitted, areas)
    assert set(per_class["class"]) == {"north", "south"}
    assert per_class["count"].sum() == len(corpus[0])


@slow
def test_large_corpus_is_fitted_on_a_sample_then_every_document_assigned(corpus):
    texts, themes, _, vectors, model = corpus
    result = fit_topics(texts, vectors, make_codebook(), seed=3, embedding_model=model,
                        sample_above=200, sample_size=200)
    assert result.fitted_on == 200 and len(result.assignments) == len(texts)
    assert -1 not in result.assignments
    assert purity(result.assignments, themes) >= 0.9


@slow
def test_new_documents_join_existing_topics_without_a_refit(fitted, corpus, tmp_path):
    texts, themes, _, vectors, model = corpus
    loaded = load_model(save_model(fitted, tmp_path / "run"), embedding_model=model)
    new_texts = ["The landlord still has not fixed the black mould and the damp in the bedroom.",
                 "Scored a goal at football training and the coach was pleased."]
    updated = add_documents(loaded, new_texts, embed(new_texts, model), texts, vectors)
    assert len(updated.assignments) == len(texts) + 2
    assert updated.assignments[:len(texts)] == fitted.assignments
    mould, goal = (updated.topic(t) for t in updated.assignments[-2:])
    assert mould.best_code == "home_condition" and goal.emergent
