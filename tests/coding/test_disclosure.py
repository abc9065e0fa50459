"""Disclosure control: no small count published, none recoverable by subtraction, DfE's symbols."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from coding.disclosure import DisclosureError, DisclosurePolicy, Dimension, apply_disclosure_control

NATIONAL = "E92000001"


def make_release(leaves: dict[tuple, int], dimensions: list[dict], keep=lambda key, count: True):
    """Every cell (including margins) as the sum of the leaf counts it covers, if kept."""
    cells: dict[tuple, int] = {}
    for leaf, value in leaves.items():
        for key in itertools.product(*(dim["ancestors"][v] for dim, v in zip(dimensions, leaf))):
            cells[key] = cells.get(key, 0) + value
    rows = [(*key, value) for key, value in sorted(cells.items()) if keep(key, value)]
    columns = [d["column"] for d in dimensions] + ["count"]
    return pd.DataFrame(rows, columns=columns).astype({"count": "int64"})


def geography(regions: list[int], sub_areas: int = 0,
              unrecorded: bool = False) -> tuple[dict, Dimension]:
    """England -> regions -> LAs, `regions[i]` LAs in region i; the first LA has sub-LA areas.

    `unrecorded` adds people counted in that LA but in none of its areas (no area recorded).
    """
    parents, levels = {}, {NATIONAL: "National"}
    for r, n_las in enumerate(regions):
        region = f"E1200000{r + 1}"
        parents[region], levels[region] = NATIONAL, "Regional"
        for la in range(n_las):
            parents[f"{r + 1}{la:02d}"] = region
            levels[f"{r + 1}{la:02d}"] = "Local authority"
    for area in range(sub_areas):
        parents[f"100-{area}"], levels[f"100-{area}"] = "100", "Sub-LA area"
    leaves = [v for v in parents if v not in parents.values()]
    ancestors = {}
    for leaf in leaves:
        chain, node = [leaf], leaf
        while node in parents:
            node = parents[node]
            chain.append(node)
        ancestors[leaf] = chain
    if unrecorded and sub_areas:
        leaves.append("100-?")
        ancestors["100-?"] = ancestors["100-0"][1:]  # the LA and up, but no area of its own
    return ({"column": "area", "leaves": leaves, "ancestors": ancestors},
            Dimension("area", parents=parents, levels=levels))


def flat(column: str, n_values: int, unrecorded: bool = False) -> tuple[dict, Dimension]:
    """A filter with `n_values` categories and a Total; `unrecorded` people are in Total only."""
    leaves = [f"{column}{i}" for i in range(n_values)]
    ancestors = {v: [v, "Total"] for v in leaves}
    if unrecorded:
        leaves.append(f"{column}?")
        ancestors[f"{column}?"] = ["Total"]
    return {"column": column, "leaves": leaves, "ancestors": ancestors}, Dimension(column)


@st.composite
def releases(draw):
    """A release: geography plus one or two filters, small and large counts, sometimes no cross,
    sometimes with people whose area, sex or age was not recorded (totals their parts miss)."""
    dims = [geography(draw(st.lists(st.integers(1, 3), min_size=1, max_size=3)),
                      draw(st.sampled_from([0, 0, 2, 3])), draw(st.booleans()))]
    dims += [flat(name, draw(st.integers(2, 3)), draw(st.booleans()))
             for name in ("sex", "age")[:draw(st.integers(1, 2))]]
    specs = [d for d, _ in dims]
    counts = st.one_of(st.integers(0, 10), st.integers(0, 10), st.integers(0, 300))
    leaves = {leaf: draw(counts) for leaf in itertools.product(*(d["leaves"] for d in specs))}
    # Separate tables by sex and by age (never crossed) share the LA totals: a classic leak.
    crossed = len(specs) == 2 or draw(st.booleans())
    in_view = (lambda key: True) if crossed else (lambda key: "Total" in key[1:])
    # A GROUP BY has no row for a cell nobody is in: its zero is absent, not published.
    with_zeros = draw(st.booleans())
    keep = lambda key, count: in_view(key) and (with_zeros or count > 0)  # noqa: E731
    rounding = draw(st.booleans())
    policy = DisclosurePolicy(rounded_levels=frozenset({"National", "Regional"}) if rounding
                              else frozenset())
    return make_release(leaves, specs, keep), specs, [d for _, d in dims], policy


def cell_vector(key: tuple, specs: list[dict], leaf_index: dict[tuple, int]) -> np.ndarray:
    """Which leaf counts a cell adds up."""
    vector = np.zeros(len(leaf_index))
    for leaf, i in leaf_index.items():
        if all(value in spec["ancestors"][v] for value, spec, v in zip(key, specs, leaf)):
            vector[i] = 1.0
    return vector


def recoverable_by_attacker(table: pd.DataFrame, published: pd.DataFrame, specs: list[dict]):
    """Suppressed cells whose count is a linear function of the published counts.

    The attacker knows every published cell exactly (rounded ones too, the worst case) and
    that every cell is the sum of leaf counts; a suppressed cell is recovered when its leaf
    vector lies in the span of the published cells' leaf vectors.
    """
    leaf_index = {leaf: i for i, leaf in enumerate(itertools.product(*(s["leaves"] for s in specs)))}
    columns = [s["column"] for s in specs]
    keys = [tuple(row) for row in table[columns].itertuples(index=False)]
    vectors = np.array([cell_vector(key, specs, leaf_index) for key in keys])
    hidden = (published["value"] == "c").to_numpy()
    known = vectors[~hidden]
    rank = np.linalg.matrix_rank(known) if len(known) else 0
    return [keys[i] for i in np.flatnonzero(hidden)
            if np.linalg.matrix_rank(np.vstack([known, vectors[i]])) == rank]


@settings(max_examples=40, deadline=None)
@given(releases())
def test_no_small_count_is_published_and_none_can_be_recovered(release):
    table, specs, dimensions, policy = release
    before = table.copy()
    published = apply_disclosure_control(table, dimensions, policy)
    pd.testing.assert_frame_equal(table, before)  # The input is not changed.
    for count, value in zip(table["count"], published["value"]):
        assert value == "c" or (value == "0") == (count == 0)
        if value not in ("c", "0"):
            assert count > policy.threshold and int(value) > policy.threshold
    assert (published["value"] == "c").sum() >= ((table["count"] >= 1) & (table["count"] <= 5)).sum()
    assert recoverable_by_attacker(table, published, specs) == []


@settings(max_examples=40, deadline=None)
@given(releases())
def test_no_group_has_exactly_one_unpublished_cell_or_a_small_known_remainder(release):
    table, specs, dimensions, policy = release
    published = apply_disclosure_control(table, dimensions, policy)
    cells = {tuple(row[:-1]): (row[-1], value) for row, value in
             zip(table.itertuples(index=False), published["value"])}
    groups: dict[tuple, list] = {}
    for key, cell in cells.items():
        for d, dim in enumerate(dimensions):
            parent = dim.parent_of(key[d])
            if parent is not None and key[:d] + (parent,) + key[d + 1:] in cells:
                groups.setdefault((d, key[:d] + (parent,) + key[d + 1:]), []).append(cell)
    for (_, total_key), children in groups.items():
        if sum(count for count, _ in children) != cells[total_key][0]:
            continue  # the unrecorded remainder is an unknown of its own in this equation
        total_value = cells[total_key][1]
        hidden = [count for count, value in children if value == "c"]
        assert len(hidden) + (total_value == "c") != 1
        if total_value != "c":
            assert not 0 < sum(hidden) <= policy.threshold


@settings(max_examples=20, deadline=None)
@given(releases(), st.randoms(use_true_random=False))
def test_the_result_is_the_same_whatever_the_row_order(release, random):
    table, _, dimensions, policy = release
    first = apply_disclosure_control(table, dimensions, policy)
    shuffled = table.sample(frac=1, random_state=random.randint(0, 2**31))
    second = apply_disclosure_control(shuffled, dimensions, policy).loc[first.index]
    pd.testing.assert_frame_equal(first, second)
    pd.testing.assert_frame_equal(first, apply_disclosure_control(table, dimensions, policy))


def national_table(counts: dict[str, int]) -> tuple[pd.DataFrame, list[Dimension]]:
    """One national row per age group plus the total, for rounding examples."""
    rows = [(NATIONAL, age, n) for age, n in counts.items()]
    rows.append((NATIONAL, "Total", sum(counts.values())))
    dims = [Dimension("area", parents={}, levels={NATIONAL: "National"}), Dimension("age")]
    return pd.DataFrame(rows, columns=["area", "age", "count"]), dims


@pytest.mark.parametrize("count, shown", [(15, "20"), (25, "30"), (14, "10"), (6, "10"),
                                          (1234, "1230"), (1235, "1240")])
def test_national_counts_round_to_the_nearest_ten_with_halves_up(count, shown):
    table, dims = national_table({"17 to 18 years": count, "19 to 21 years": 1000})
    policy = DisclosurePolicy(rounded_levels=frozenset({"National"}))
    assert apply_disclosure_control(table, dims, policy)["value"][0] == shown


def test_counts_that_round_to_zero_are_low_when_nothing_is_suppressed():
    table, dims = national_table({"17 to 18 years": 4, "19 to 21 years": 0})
    policy = DisclosurePolicy(threshold=0, rounded_levels=frozenset({"National"}))
    assert list(apply_disclosure_control(table, dims, policy)["value"]) == ["low", "0", "low"]


def test_one_small_la_count_is_suppressed_with_the_next_smallest_as_dfe_does():
    # Care leavers in suitable accommodation by LA, with the regional total published.
    parents = {"301": "E12000007", "302": "E12000007", "303": "E12000007"}
    table = pd.DataFrame({"area": ["E12000007", "301", "302", "303"], "count": [70, 3, 40, 27]})
    result = apply_disclosure_control(table, [Dimension("area", parents=parents)])
    assert list(result["value"]) == ["70", "c", "40", "c"]
    assert list(result["suppressed_reason"]) == ["", "primary", "", "secondary"]
    assert "count" not in result.columns


def test_zeros_are_published_unless_the_policy_says_otherwise():
    table = pd.DataFrame({"sex": ["Total", "Female", "Male"], "count": [40, 0, 40]})
    assert list(apply_disclosure_control(table, [Dimension("sex")])["value"]) == ["40", "0", "40"]
    hidden = apply_disclosure_control(table, [Dimension("sex")], DisclosurePolicy(publish_zeros=False))
    assert list(hidden["value"]) == ["40", "c", "c"]
    assert list(hidden["suppressed_reason"]) == ["", "primary", "secondary"]


def test_two_suppressed_cells_whose_sum_is_small_get_a_third():
    # 2 + 3 = 5 would be known from the total: disclosive even though neither is alone.
    table = pd.DataFrame({"sex": ["Total", "A", "B", "C", "D"], "count": [65, 2, 3, 20, 40]})
    result = apply_disclosure_control(table, [Dimension("sex")])
    assert list(result["value"]) == ["65", "c", "c", "c", "40"]


def test_percentages_need_a_denominator_at_the_threshold_and_use_ees_symbols():
    table = pd.DataFrame({"indicator": ["safe"] * 5, "area": ["a", "b", "c", "d", "e"],
                          "count": [12, 0, 0, 3, np.nan], "denominator": [16, 4, 0, 30, 20]})
    dims = [Dimension("indicator", total=None), Dimension("area", total=None)]
    result = apply_disclosure_control(table, dims, denominator="denominator")
    assert list(result["value"]) == ["12", "0", "0", "c", "x"]
    assert list(result["percent"]) == ["75.0", "c", "z", "c", "x"]
    assert list(result["suppressed_reason"]) == ["", "denominator", "", "primary", ""]


def test_the_percentage_of_a_secondarily_suppressed_count_is_suppressed_too():
    table = pd.DataFrame({"sex": ["Total", "Female", "Male"], "count": [30, 4, 26],
                          "denominator": [60, 30, 30]})
    result = apply_disclosure_control(table, [Dimension("sex")], denominator="denominator")
    assert list(result["percent"]) == ["50.0", "c", "c"]
    assert list(result["suppressed_reason"]) == ["", "primary", "secondary"]


def test_label_attributes_pass_through_and_the_input_is_untouched():
    table = pd.DataFrame({"area": ["E12000007", "301"], "la_name": ["London", "Barking"],
                          "count": [50, 50]})
    result = apply_disclosure_control(table, [Dimension("area", parents={"301": "E12000007"})],
                                      attributes=["la_name"])
    assert list(result.columns) == ["area", "la_name", "value", "suppressed_reason"]
    assert list(table.columns) == ["area", "la_name", "count"]


@pytest.mark.parametrize("table, kwargs, message", [
    (pd.DataFrame({"sex": ["Total"], "count": [9], "comment": ["I do not feel safe"]}), {},
     "'comment' is not a declared"),
    (pd.DataFrame({"sex": ["Total"], "count": [9], "note": ["a\nb"]}), {"attributes": ["note"]},
     "looks like free text"),
    (pd.DataFrame({"sex": ["x" * 200], "count": [9]}), {}, "looks like free text"),
    (pd.DataFrame({"sex": ["Total"], "count": [-1]}), {}, "whole numbers"),
    (pd.DataFrame({"sex": ["Total"], "count": [2.5]}), {}, "whole numbers"),
    (pd.DataFrame({"sex": ["Total"], "count": ["9"]}), {}, "must hold numbers"),
    (pd.DataFrame({"sex": ["Total", "Total"], "count": [9, 9]}), {}, "same dimension values"),
    (pd.DataFrame({"area": ["Total"], "count": [9]}), {}, "no column 'sex'"),
    (pd.DataFrame({"sex": ["Total"], "count": [9]}), {"policy": DisclosurePolicy(threshold=-1)},
     "threshold"),
    (pd.DataFrame({"sex": ["Total"], "count": [9]}),
     {"policy": DisclosurePolicy(rounded_levels=frozenset({"National"}))}, "not the level"),
])
def test_bad_tables_and_policies_raise_one_error_type_with_a_message(table, kwargs, message):
    with pytest.raises(DisclosureError, match=message):
        apply_disclosure_control(table, [Dimension("sex")], **kwargs)


def test_a_value_outside_the_geography_hierarchy_is_refused():
    table = pd.DataFrame({"area": ["E12000007", "999"], "count": [9, 9]})
    with pytest.raises(DisclosureError, match="not in its hierarchy"):
        apply_disclosure_control(table, [Dimension("area", parents={"301": "E12000007"})])


def bridged_cycles_table() -> pd.DataFrame:
    """4 × 4 with margins: two 2 × 2 blocks of small counts joined by one small 'bridge' cell.

    Every row and column has two or more small cells, so the group rule alone is satisfied,
    yet the bridge (r0, c2) follows from the margins: the case the linear check exists for.
    """
    inner = np.full((4, 4), 50)
    for (i, j), value in {(0, 0): 3, (0, 1): 4, (1, 0): 4, (1, 1): 3, (0, 2): 2,
                          (2, 2): 3, (2, 3): 4, (3, 2): 4, (3, 3): 3}.items():
        inner[i, j] = value
    rows = [(f"r{i}", f"c{j}", inner[i, j]) for i in range(4) for j in range(4)]
    rows += [(f"r{i}", "Total", inner[i].sum()) for i in range(4)]
    rows += [("Total", f"c{j}", inner[:, j].sum()) for j in range(4)]
    rows.append(("Total", "Total", inner.sum()))
    return pd.DataFrame(rows, columns=["row", "col", "count"])


def test_a_cell_recoverable_only_through_a_chain_of_margins_gets_a_partner():
    table = bridged_cycles_table()
    result = apply_disclosure_control(table, [Dimension("row"), Dimension("col")])
    assert (result["suppressed_reason"] == "primary").sum() == 9
    assert (result["suppressed_reason"] == "secondary").sum() >= 1
    specs = [{"column": name, "leaves": [f"{name[0]}{i}" for i in range(4)],
              "ancestors": {f"{name[0]}{i}": [f"{name[0]}{i}", "Total"] for i in range(4)}}
             for name in ("row", "col")]
    assert recoverable_by_attacker(table, result, specs) == []
