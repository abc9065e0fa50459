"""Agreement statistics against Krippendorff's worked example, a textbook kappa and scikit-learn."""

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.metrics import cohen_kappa_score

from coding.agreement import (AgreementError, agreement_by_code, cohen_kappa, krippendorff_alpha,
                              percent_agreement)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders
# (rows A-D) × 12 units, None where a coder did not code the unit.
KRIPPENDORFF_EXAMPLE = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815),
                                              ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_gives_the_published_values_on_krippendorffs_worked_example(level, published):
    assert round(krippendorff_alpha(KRIPPENDORFF_EXAMPLE, level), 3) == published


def test_nominal_alpha_accepts_category_labels_as_well_as_numbers():
    labels = [[None if v is None else "abcde"[v - 1] for v in row] for row in KRIPPENDORFF_EXAMPLE]
    assert round(krippendorff_alpha(labels), 3) == 0.743


def test_cohen_kappa_matches_the_textbook_two_by_two_example():
    # 50 proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15 -> po 0.7, pe 0.5, kappa 0.4.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert percent_agreement([a, b]) == pytest.approx(0.7)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=2, max_size=40))
def test_cohen_kappa_agrees_with_scikit_learn(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    ours = cohen_kappa(a, b)
    if ours is None:
        assert len(set(a) | set(b)) == 1
    else:
        assert ours == pytest.approx(cohen_kappa_score(a, b))


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=6, max_size=6),
                     min_size=2, max_size=4))
def test_alpha_agrees_with_the_krippendorff_package_with_missing_data(level, rows):
    # Our alpha is computed independently (coincidence matrix); the package is the reference.
    matrix = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    if not pairable.any():
        with pytest.raises(AgreementError, match="two or more coders"):
            krippendorff_alpha(rows, level)
        return
    ours = krippendorff_alpha(rows, level)
    judged = matrix[:, pairable]
    if len(np.unique(judged[~np.isnan(judged)])) < 2:
        assert ours is None
    else:
        assert ours == pytest.approx(krippendorff.alpha(reliability_data=matrix,
                                                        level_of_measurement=level))


def test_alpha_is_computed_here_not_by_the_package():
    # Agreeing with the package would prove nothing if alpha were the package.
    import coding.agreement
    assert "krippendorff" not in vars(coding.agreement)


def test_percent_agreement_with_three_coders_counts_agreeing_pairs():
    # Unit 1: all agree (3 of 3 pairs); unit 2: one dissents (1 of 3); unit 3: one coder only.
    assert percent_agreement([[1, 1, 1], [1, 1, None], [1, 2, None]]) == pytest.approx(4 / 6)


def test_agreement_by_code_gives_a_row_per_code_and_an_overall_row():
    units, coders = ["s1", "s2", "s3", "s4"], ["amy", "ben"]
    applications = [("s1", "amy", "safety"), ("s1", "ben", "safety"),
                    ("s2", "amy", "safety"), ("s3", "ben", "bills"),
                    {"unit_id": "s4", "coder_id": "amy", "code_key": "bills"},
                    {"unit_id": "s4", "coder_id": "ben", "code_key": "bills"}]
    table = agreement_by_code(applications, units, coders, codes=["moves"]).set_index("code")
    assert list(table.index) == ["moves", "bills", "safety", "overall"]
    assert table.loc["safety", "percent_agreement"] == pytest.approx(75.0)
    # safety: amy 1,1,0,0 vs ben 1,0,0,0 -> po 0.75, pe 0.5*0.25 + 0.5*0.75 = 0.5, kappa 0.5
    assert table.loc["safety", "kappa"] == pytest.approx(0.5)
    assert table.loc["safety", "n_units"] == 4
    assert table.loc["moves", "percent_agreement"] == 100.0
    assert pd.isna(table.loc["moves", "kappa"]) and pd.isna(table.loc["moves", "alpha"])
    assert table.loc["overall", "n_units"] == 12
    assert table.loc["overall", "percent_agreement"] == pytest.approx(100 * 10 / 12)


def test_agreement_by_code_treats_unassigned_units_as_missing_and_omits_kappa_for_three():
    units, coders = ["u1", "u2", "u3"], ["a", "b", "c"]
    assignments = {"a": ["u1", "u2", "u3"], "b": ["u1", "u2"], "c": ["u2", "u3"]}
    applications = [("u1", "a", "k"), ("u1", "b", "k"), ("u2", "a", "k"), ("u2", "b", "k"),
                    ("u2", "c", "k")]
    row = agreement_by_code(applications, units, coders, assignments).set_index("code").loc["k"]
    assert row["n_units"] == 3
    assert pd.isna(row["kappa"])
    expected = krippendorff_alpha([[1, 1, 0], [1, 1, None], [None, 1, 0]])
    assert row["alpha"] == pytest.approx(expected)
    assert not math.isnan(row["percent_agreement"])


@pytest.mark.parametrize("call, message", [
    (lambda: krippendorff_alpha([[1, 2, 3]]), "at least two coders"),
    (lambda: krippendorff_alpha([[1, 2], [1]]), "one value per unit"),
    (lambda: krippendorff_alpha([[1, 2], [1, 2]], level="fuzzy"), "must be one of"),
    (lambda: krippendorff_alpha([["a", "b"], ["a", "c"]], level="interval"), "numeric values"),
    (lambda: cohen_kappa([1, None], [None, 2]), "share no coded unit"),
    (lambda: agreement_by_code([("u1", "zed", "k")], ["u1"], ["a", "b"]), "not one of"),
    (lambda: agreement_by_code([("u9", "a", "k")], ["u1"], ["a", "b"], {"a": ["u1"], "b": ["u1"]}),
     "not assigned"),
    (lambda: agreement_by_code([("u1", "a")], ["u1"], ["a", "b"]), "unit_id, coder_id, code_key"),
    (lambda: agreement_by_code([], ["u1"], ["a"]), "at least two coders"),
    (lambda: agreement_by_code([], ["u1"], ["a", "b"]), "no codes to measure"),
])
def test_bad_agreement_input_raises_one_error_type_with_a_message(call, message):
    with pytest.raises(AgreementError, match=message):
        call()
