"""Compute an indicator for every cell and margin, then publish it through disclosure control.

Cells are keyed by period, geography (National > Regional > Local authority > Sub-LA area) and
each requested breakdown, with a `Total` for every breakdown. Percentages go through
apply_disclosure_control as a table with an `outcome` dimension (yes / no / Total), so the
complement (those not counted) is protected too: 97 of 100 would disclose the 3. A mean is not a
count: its respondent count is disclosure-controlled and the mean is published only where that
count is.
"""

from collections.abc import Sequence

import pandas as pd

from coding.disclosure import Dimension, DisclosurePolicy, apply_disclosure_control
from coding.indicators.definition import IndicatorDefinition, IndicatorError, check_breakdowns
from coding.indicators.geography import (check_authorities, geography_dimension, geography_names,
                                         level_rows)
from coding.indicators.units import unit_table

TOTAL = "Total"
OUTCOMES = ("yes", "no", TOTAL)
NOT_APPLICABLE = "z"


def compute(definition: IndicatorDefinition, tables: dict[str, pd.DataFrame],
            breakdowns: Sequence[str] = (), policy: DisclosurePolicy = DisclosurePolicy(),
            crossed: bool = True) -> pd.DataFrame:
    """The published cells of one indicator: count, denominator and rate (or mean), controlled."""
    breakdowns = list(breakdowns)
    check_breakdowns(definition, breakdowns)
    units = unit_table(definition, tables)
    return publish(units, definition.id, definition.unit, breakdowns,
                   definition.geography_levels, policy, crossed=crossed)


def publish(units: pd.DataFrame, indicator_id: str, unit: str, breakdowns: list[str],
            levels: list[str], policy: DisclosurePolicy, crossed: bool = True) -> pd.DataFrame:
    """Aggregate units (numerator, denominator, score flags) into cells and control them.

    `crossed=False` publishes each breakdown on its own (the others at Total), as DfE's tables
    do: far fewer cells than every combination, and the margins released are the ones checked.
    """
    if units.empty:
        raise IndicatorError([f"{indicator_id}: there is no data for this period and population."])
    try:
        check_authorities(units)
    except ValueError as error:
        raise IndicatorError([f"{indicator_id}: {error}"]) from None
    cells = aggregate(units, breakdowns, levels, crossed)
    with_area = units[units["area"].notna() & (units["area"] != "")] if "area" in units else units
    areas = dict(zip(with_area.get("area", []), with_area.get("old_la_code", [])))
    area_names = dict(zip(with_area["area"], with_area["area_name"])) \
        if "area_name" in with_area else {}
    dimensions = [Dimension("period", total=None), geography_dimension(cells, areas),
                  *[Dimension(b) for b in breakdowns]]
    if unit == "percent":
        published = _publish_percent(cells, dimensions, policy)
    else:
        published = _publish_counts(cells, dimensions, policy, unit)
    published = published.rename(columns={"geography": "geography_code"})
    published.insert(0, "indicator", indicator_id)
    published.insert(4, "geography_name", geography_names(
        published["geography_code"], published["geographic_level"], area_names))
    return published.reset_index(drop=True)


def aggregate(units: pd.DataFrame, breakdowns: list[str], levels: list[str],
              crossed: bool = True) -> pd.DataFrame:
    """Raw numerator, denominator and score sums for every cell, margins included."""
    rows = pd.concat([level_rows(units, level) for level in levels], ignore_index=True)
    if crossed:
        for column in breakdowns:
            rows = pd.concat([rows, rows.assign(**{column: TOTAL})], ignore_index=True)
    else:
        all_total = {column: TOTAL for column in breakdowns}
        rows = pd.concat([rows.assign(**all_total)] + [
            rows.assign(**{other: TOTAL for other in breakdowns if other != column})
            for column in breakdowns], ignore_index=True)
    keys = ["period", "geography", "geographic_level", *breakdowns]
    return rows.groupby(keys, as_index=False, sort=True)[
        ["numerator", "denominator", "score"]].sum()


def _keys(dimensions: list[Dimension]) -> list[str]:
    """The key columns of a controlled table."""
    return [d.column for d in dimensions]


def _publish_percent(cells: pd.DataFrame, dimensions: list[Dimension],
                     policy: DisclosurePolicy) -> pd.DataFrame:
    """Count, denominator and rate, with yes, no and the total controlled together."""
    counts = {"yes": cells["numerator"], "no": cells["denominator"] - cells["numerator"],
              TOTAL: cells["denominator"]}
    keys = _keys(dimensions)
    table = pd.concat([cells[keys + ["geographic_level"]].assign(
        outcome=outcome, count=counts[outcome], denominator=cells["denominator"])
        for outcome in OUTCOMES], ignore_index=True)
    out = apply_disclosure_control(table, [*dimensions, Dimension("outcome")], policy,
                                   denominator="denominator", attributes=["geographic_level"])
    yes = out[out["outcome"] == "yes"].rename(columns={"value": "count", "percent": "rate"})
    total = out[out["outcome"] == TOTAL][keys + ["value"]].rename(columns={"value": "denominator"})
    merged = yes.merge(total, on=keys, how="left", validate="one_to_one")
    return merged[[*keys, "geographic_level", "count", "denominator", "rate", "suppressed_reason"]]


def _publish_counts(cells: pd.DataFrame, dimensions: list[Dimension], policy: DisclosurePolicy,
                    unit: str) -> pd.DataFrame:
    """A count (or a mean over a controlled respondent count) per cell."""
    keys = _keys(dimensions)
    counted = cells["denominator"] if unit == "mean" else cells["numerator"]
    table = cells[keys + ["geographic_level"]].assign(count=counted)
    out = apply_disclosure_control(table, dimensions, policy, attributes=["geographic_level"])
    out = out.rename(columns={"value": "count"})
    if unit == "mean":
        out["mean"] = [_mean(s, n, reason, policy) for s, n, reason in
                       zip(cells["score"], cells["denominator"], out["suppressed_reason"])]
    else:
        out["denominator"], out["rate"] = NOT_APPLICABLE, NOT_APPLICABLE
    return out


def _mean(score: float, respondents: int, reason: str, policy: DisclosurePolicy) -> str:
    """A published mean: hidden with its respondent count, and only over enough respondents."""
    if respondents == 0:
        return NOT_APPLICABLE
    if reason or respondents < policy.threshold:
        return "c"
    return f"{score / respondents:.{policy.percent_decimals}f}"
