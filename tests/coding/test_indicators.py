"""Indicator definitions, computation with margins, disclosure control and the suitability gap."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from coding.disclosure import DisclosurePolicy
from coding.indicators import (IndicatorError, compute, consented, load_definition,
                               load_definitions, reporting_year, suitability_gap)
from coding.ssda903 import CareLeaverRecord
from tests.coding.demo_tables import ROOT, demo_tables, known

DEFINITIONS = ROOT / "codebooks" / "indicators"
EXACT = DisclosurePolicy(threshold=0)


@pytest.fixture(scope="module")
def definitions():
    """Every shipped definition, validated against the demo surveys and codebooks."""
    return {d.id: d for d in load_definitions(DEFINITIONS, known())}


def write(tmp_path: Path, text: str) -> Path:
    """A definition file built from feel-safe-at-home with one change."""
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    return path


def base_text() -> str:
    """The shipped feel-safe-at-home definition's text."""
    return (DEFINITIONS / "care-leavers-feel-safe-at-home.yaml").read_text()


def test_ships_every_required_indicator(definitions):
    assert {"feel_safe_at_home", "feel_settled", "home_right_for_me", "can_manage_bills",
            "pathway_plans_instability", "heard_of_readiness_early", "waiting_for_speech_help",
            *(f"self_assessment_dimension_{n}" for n in range(1, 6))} <= set(definitions)


@pytest.mark.parametrize("old, new, message", [
    ("question: feel_safe_home\n  values: [4", "question: feel_safe_hom\n  values: [4",
     "bad.yaml:14: where-i-live has no question 'feel_safe_hom'"),
    ("values: [4, 5]", "values: [4, 9]", "bad.yaml:15: 9 is not an answer"),
    ("survey: where-i-live", "survey: where-i-lived", "bad.yaml:9: unknown survey"),
    ("unit: percent", "unit: ratio", "bad.yaml:6: unit: 'ratio' is not one of"),
    ("subgroups: [sex, ethnicity]", "subgroups: [sex, religion]", "bad.yaml:23: breakdowns"),
])
def test_bad_definitions_name_file_and_line(tmp_path, old, new, message):
    with pytest.raises(IndicatorError) as error:
        load_definition(write(tmp_path, base_text().replace(old, new)), known())
    assert message in str(error.value)


def test_unknown_code_and_codebook_are_reported(tmp_path):
    text = (DEFINITIONS / "pathway-plans-instability-unaffordability.yaml").read_text()
    with pytest.raises(IndicatorError, match=r"bad.yaml:\d+: codebook care-leavers-home has no code 'rent'"):
        load_definition(write(tmp_path, text.replace("affordability]", "rent]")), known())
    with pytest.raises(IndicatorError, match="unknown codebook 'nope'"):
        load_definition(write(tmp_path, text.replace("codebook: care-leavers-home", "codebook: nope")),
                        known())


def test_breakdown_not_allowed_is_refused(definitions):
    with pytest.raises(IndicatorError, match="breakdown 'fsm' is not allowed"):
        compute(definitions["feel_safe_at_home"], demo_tables(), ["fsm"])


@pytest.mark.parametrize("indicator", ["feel_safe_at_home", "feel_settled", "home_right_for_me",
                                       "can_manage_bills", "pathway_plans_instability",
                                       "heard_of_readiness_early", "waiting_for_speech_help",
                                       "self_assessment_dimension_1", "self_assessment_dimension_5"])
def test_every_shipped_indicator_computes_on_demo_data(definitions, indicator):
    definition = definitions[indicator]
    published = compute(definition, demo_tables(), definition.allowed_breakdowns[:1])
    assert {"National", "Regional", "Local authority"} <= set(published["geographic_level"])
    counts = pd.to_numeric(published["count"], errors="coerce")
    assert not counts.between(1, 5).any()
    assert published["count"].ne("").all()


def small_answers(rows: list[tuple]) -> pd.DataFrame:
    """Answers to feel_safe_home: (response, la, area, sex, value)."""
    return pd.DataFrame([{"response_id": r, "survey": "where-i-live", "cohort": "care_leaver",
                          "period": "2025", "old_la_code": la, "area": area, "sex": sex,
                          "question_key": "feel_safe_home", "value": value}
                         for r, la, area, sex, value in rows])


def test_margins_hand_computed(definitions):
    answers = small_answers([(1, "850", "850-BAS", "Female", 5), (2, "850", "850-BAS", "Male", 1),
                             (3, "850", "850-EHA", "Female", 4), (4, "353", "353-CHA", "Male", 3),
                             (5, "353", "353-CHA", "Male", "prefer_not")])
    out = compute(definitions["feel_safe_at_home"], {"answers": answers}, ["sex"], EXACT)
    cell = lambda code, sex: tuple(out[(out.geography_code == code) & (out.sex == sex)][
        ["count", "denominator", "rate"]].iloc[0])  # noqa: E731
    assert cell("E92000001", "Total") == ("2", "4", "50.0")  # prefer_not is not an answer
    assert cell("E92000001", "Female") == ("2", "2", "100.0")
    assert cell("E12000008", "Total") == ("2", "3", "66.7")
    assert cell("850", "Male") == ("0", "1", "0.0")
    assert cell("850-BAS", "Total") == ("1", "2", "50.0")
    assert cell("353-CHA", "Male") == ("0", "1", "0.0")
    assert set(out["geographic_level"]) == {"National", "Regional", "Local authority", "Sub-LA area"}


def test_consent_filter_keeps_only_consenting_rows():
    table = pd.DataFrame({"consent_research": [True, False, None], "value": [1, 2, 3]})
    assert list(consented(table, "research")["value"]) == [1]
    with pytest.raises(IndicatorError, match="consent_own_support"):
        consented(table, "own_support")


def test_no_data_is_a_clear_error(definitions):
    with pytest.raises(IndicatorError, match="no data"):
        compute(definitions["feel_safe_at_home"], {"answers": small_answers([]).reindex(
            columns=["response_id", "survey", "period", "old_la_code", "area", "question_key",
                     "value"])})


answer_rows = st.lists(st.tuples(st.sampled_from(["850", "815", "353", "354"]),
                                 st.sampled_from(["Female", "Male"]),
                                 st.sampled_from([1, 2, 3, 4, 5])), max_size=40)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=answer_rows)
def test_no_published_count_in_1_to_threshold(definitions, rows):
    answers = small_answers([(i, la, f"{la}-X{i % 2}", sex, v) for i, (la, sex, v) in enumerate(rows)])
    if answers.empty:
        return
    out = compute(definitions["feel_safe_at_home"], {"answers": answers}, ["sex"])
    for column in ("count", "denominator"):
        numbers = pd.to_numeric(out[column], errors="coerce")
        assert not numbers.between(1, 5).any()
        assert out[column].map(lambda v: v.isdigit() or v in {"c", "z", "x", "low"}).all()
        assert_not_recoverable(out, column)


def assert_not_recoverable(out: pd.DataFrame, column: str) -> None:
    """No published total has exactly one hidden part, along geography or along sex."""
    from coding.indicators.geography import load_la_lookup
    regions = dict(zip(load_la_lookup()["old_la_code"], load_la_lookup()["region_code"]))
    parent = {code: code.split("-")[0] if "-" in code else regions.get(code, "E92000001")
              for code in out["geography_code"] if code != "E92000001"}
    hidden = out[column] == "c"
    for sex, cells in out.groupby("sex"):
        by_code = dict(zip(cells["geography_code"], hidden[cells.index]))
        for total in set(parent.values()) & set(by_code):
            parts = [by_code[c] for c, p in parent.items() if p == total and c in by_code]
            assert by_code[total] or sum(parts) != 1, (column, sex, total)
    for code, cells in out.groupby("geography_code"):
        parts = hidden[cells.index][cells["sex"] != "Total"]
        total = hidden[cells.index][cells["sex"] == "Total"]
        assert total.all() or parts.sum() != 1, (column, code)


def record(pseudonym: str, la: str, letter: str, suitability: str, group: str) -> CareLeaverRecord:
    """A care leaver record as coding.ssda903 returns it."""
    return CareLeaverRecord(pseudonym, 2025, group, letter, suitability, "YES", "F1", la)


def faces(rows: list[tuple]) -> pd.DataFrame:
    """Answers (pseudonym, question, value, period) for the gap."""
    return pd.DataFrame([{"pseudonym": p, "question_key": q, "value": v, "period": period}
                         for p, q, v, period in rows])


GAP_RECORDS = [record("a", "850", "K", "1", "17 to 18 years"), record("b", "850", "K", "1", "19 to 21 years"),
               record("c", "850", "U", "1", "19 to 21 years"), record("d", "850", "U", "2", "19 to 21 years"),
               record("e", "353", "K", "1", "17 to 18 years"), record("f", "353", "B", "1", "19 to 21 years"),
               record("g", "353", "K", "1", "17 to 18 years")]
GAP_ANSWERS = faces([("a", "feel_safe_home", 2, "2025"), ("a", "feel_settled", 4, "2025"),
                     ("b", "feel_safe_home", 5, "2025"), ("b", "feel_settled", 5, "2025"),
                     ("c", "feel_safe_home", 4, "2025"), ("c", "feel_settled", 1, "2025"),
                     ("d", "feel_safe_home", 1, "2025"),  # unsuitable: not in the gap
                     ("e", "feel_safe_home", "prefer_not", "2025"), ("e", "feel_settled", 3, "2025"),
                     ("g", "feel_safe_home", 1, "2024")])  # another year: not linked


def test_suitability_gap_hand_computed():
    out = suitability_gap(GAP_RECORDS, GAP_ANSWERS, EXACT)
    cell = lambda code, letter, group: tuple(out[
        (out.geography_code == code) & (out.accommodation_type == letter)
        & (out.care_leaver_age_group == group)][["count", "denominator", "rate"]].iloc[0])  # noqa: E731
    # Suitable and answered: a (unsafe), b, c (unsettled), e. f never answered; d unsuitable.
    assert cell("E92000001", "Total", "Total") == ("2", "4", "50.0")
    assert cell("850", "Total", "Total") == ("2", "3", "66.7")
    assert cell("850", "K", "Total") == ("1", "2", "50.0")
    assert cell("850", "U", "Total") == ("1", "1", "100.0")
    assert cell("353", "Total", "Total") == ("0", "1", "0.0")
    assert cell("E92000001", "K", "Total") == ("1", "3", "33.3")
    assert cell("E92000001", "Total", "17 to 18 years") == ("1", "2", "50.0")
    assert cell("E12000002", "K", "17 to 18 years") == ("0", "1", "0.0")


def test_suitability_gap_is_disclosure_controlled():
    out = suitability_gap(GAP_RECORDS, GAP_ANSWERS)
    assert set(out["count"]) <= {"c", "0"} and set(out["denominator"]) == {"c"}


def test_reporting_year_runs_april_to_march():
    assert reporting_year(pd.Timestamp("2024-04-01").date()) == "2025"
    assert reporting_year(pd.Timestamp("2025-03-31").date()) == "2025"


def documents_table(rows: list[tuple]) -> pd.DataFrame:
    """Pathway Plans: (document, person, la, codes)."""
    return pd.DataFrame([{"document_id": d, "kind": "pathway_plan", "codes": codes, "topics": codes,
                          "run": "demo-run", "period": "2025", "old_la_code": la, "area": None,
                          "person_id": person} for d, person, la, codes in rows])


DOCUMENTS = documents_table([(1, "p1", "850", ["stability"]), (2, "p1", "850", ["safety"]),
                             (3, "p2", "850", ["affordability", "safety"]),
                             (4, "p3", "353", ["life_skills"]), (5, "p3", "353", [])])


def test_share_of_documents_and_of_respondents(definitions, tmp_path):
    definition = definitions["pathway_plans_instability"]
    out = compute(definition, {"documents": DOCUMENTS}, [], EXACT)
    national = out[out.geography_code == "E92000001"].iloc[0]
    assert (national["count"], national["denominator"], national["rate"]) == ("2", "5", "40.0")
    text = Path(definition.path).read_text().replace("share_of: documents", "share_of: respondents")
    by_person = load_definition(write(tmp_path, text), known())
    national = compute(by_person, {"documents": DOCUMENTS}, [], EXACT).iloc[-1]
    assert (national["geography_code"], national["count"], national["denominator"]) == \
        ("E92000001", "2", "3")  # p1 and p2 of three young people


def test_topic_prevalence_from_a_named_run(tmp_path):
    text = (DEFINITIONS / "pathway-plans-instability-unaffordability.yaml").read_text()
    text = text.replace("type: coded_documents\n  codebook: care-leavers-home",
                        "type: topic_prevalence\n  run: demo-run")
    text = text.replace("codes: [stability, affordability]", "topics: [topic_1]")
    definition = load_definition(write(tmp_path, text), known())
    topics = documents_table([(1, "p1", "850", ["topic_1"]), (2, "p2", "850", ["topic_2"])])
    national = compute(definition, {"topics": topics}, [], EXACT).iloc[-1]
    assert (national["count"], national["denominator"], national["rate"]) == ("1", "2", "50.0")
    with pytest.raises(IndicatorError, match="run demo-run has no topic 'topic_9'"):
        load_definition(write(tmp_path, text.replace("topic_1", "topic_9")), known())


def test_tables_keyed_by_new_la_code_are_mapped_to_dfe_old_codes(definitions):
    answers = small_answers([(1, "850", None, "Male", 5), (2, "850", None, "Male", 1)])
    answers = answers.drop(columns="old_la_code").assign(new_la_code="E10000014")
    out = compute(definitions["feel_safe_at_home"], {"answers": answers}, [], EXACT)
    assert tuple(out[out.geography_code == "850"][["count", "denominator"]].iloc[0]) == ("1", "2")
    assert "Sub-LA area" not in set(out["geographic_level"])  # no areas recorded
